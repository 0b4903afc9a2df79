"use server";
// resetPasswordAction – set a new password with a one-time reset link (throttled per address like sign-in); every
// session of that user ends
import { headers } from "next/headers";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { toActionError, type TActionResult } from "@/lib/errors";
import { consumePasswordReset } from "@/lib/users/consume-password-reset";

export async function resetPasswordAction(_previous: TActionResult<{ email: string }> | null, formData: FormData): Promise<TActionResult<{ email: string }>> {
  try {
    const input = { token: formData.get("token") ?? "", newPassword: formData.get("newPassword") ?? "", confirmPassword: formData.get("confirmPassword") ?? "" };
    const { email } = await consumePasswordReset({ input, ip: clientIpFrom(await headers()) });
    return { ok: true, data: { email }, message: `Password set for ${email}. Every earlier session is signed out; sign in with the new password.` };
  } catch (error) {
    return toActionError(error, { action: "resetPassword" });
  }
}
