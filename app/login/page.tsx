import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await getCurrentUser()) redirect("/admin");
  return (
    <main className="login">
      <h1>Ballast</h1>
      <p className="muted">Sign in to the newsroom admin.</p>
      <LoginForm />
    </main>
  );
}
