import Link from "next/link";
import { findUsableReset, RESET_LINK_REFUSED } from "@/lib/users/consume-password-reset";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata = { title: "Set a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await findUsableReset({ token });
  return (
    <main className="login">
      <h1>Set a new password</h1>
      {reset ? (
        <>
          <p className="muted">
            For {reset.email}. This link works once, until {reset.expiresAt.toISOString().slice(11, 16)} UTC; using it signs this account out everywhere.
          </p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <>
          <p className="notice error" role="alert">{RESET_LINK_REFUSED}</p>
          <p>
            <Link href="/login">Sign in</Link>
          </p>
        </>
      )}
    </main>
  );
}
