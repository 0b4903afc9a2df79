import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { signOutAction } from "@/app/admin/actions";
import { ChangePasswordForm } from "@/app/admin/account/change-password-form";

export const metadata = { title: "Choose your password" };

// A password set by someone else (the first start, an admin) is replaced here before anything else can be done.
export default async function ChangePasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (!user.mustChangePassword) redirect("/admin/account");
  return (
    <main className="login">
      <h1>Choose your password</h1>
      <p className="muted">
        {user.email}: your password was set by an administrator. Choose your own to continue: at least 12 characters, not a commonly used password.
      </p>
      <ChangePasswordForm submitLabel="Save and continue" />
      <form action={signOutAction}>
        <button type="submit" className="link">Sign out</button>
      </form>
    </main>
  );
}
