import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ signedOut?: string }> }) {
  if (await getCurrentUser()) redirect("/admin");
  const { signedOut } = await searchParams;
  return (
    <main className="login">
      <h1>Ballast</h1>
      <p className="muted">Sign in to the newsroom admin.</p>
      {signedOut === "everywhere" && <p className="notice success" role="status">You are signed out on every device.</p>}
      <LoginForm />
    </main>
  );
}
