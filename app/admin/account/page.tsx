import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { signOutEverywhereAction } from "../actions";
import { ChangePasswordForm } from "./change-password-form";
import { DisplayNameForm } from "./display-name-form";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  return (
    <>
      <h1>Your account</h1>
      <p className="muted">
        Signed in as {user.email} ({user.role}).
      </p>
      <h2>Display name</h2>
      <DisplayNameForm name={user.name} />
      <h2>Password</h2>
      <p className="muted">Changing your password signs you out on every other device and browser.</p>
      <ChangePasswordForm />
      <h2>Sessions</h2>
      <form action={signOutEverywhereAction}>
        <p className="muted">End your sessions on every device and browser, this one included.</p>
        <button type="submit" className="secondary">Sign out everywhere</button>
      </form>
    </>
  );
}
