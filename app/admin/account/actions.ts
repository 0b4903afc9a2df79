"use server";
// changeOwnPasswordAction – change your own password (current one required); every other session ends, this browser
//   gets a fresh session; a forced change then continues to the admin
// changeOwnNameAction – change your display name
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { getCurrentUser } from "@/lib/auth/current-user";
import { AppError, toActionError, type TActionResult } from "@/lib/errors";
import { changeOwnName } from "@/lib/users/change-own-name";
import { changeOwnPassword } from "@/lib/users/change-own-password";

async function signedInUserOrThrow() {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  if (user.degraded) throw new AppError("unavailable", "The database is unreachable; account changes wait until it is back.");
  return user;
}

export async function changeOwnPasswordAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  const input = { currentPassword: formData.get("currentPassword") ?? "", newPassword: formData.get("newPassword") ?? "", confirmPassword: formData.get("confirmPassword") ?? "" };
  let forced = false;
  try {
    const user = await signedInUserOrThrow();
    forced = user.mustChangePassword === true;
    const { email } = await changeOwnPassword({ userId: user.id, ip: clientIpFrom(await headers()), input });
    try {
      // Every session ended with the change (this one too): sign this browser in again with the new password.
      await signIn("credentials", { email, password: String(input.newPassword), redirect: false });
    } catch (error) {
      if (error instanceof AuthError) return { ok: true, data: undefined, message: "Password changed. You are signed out everywhere; sign in again with the new password." };
      throw error;
    }
  } catch (error) {
    return toActionError(error, { action: "changeOwnPassword" });
  }
  if (forced) redirect("/admin");
  return { ok: true, data: undefined, message: "Password changed. Your other sessions are signed out." };
}

export async function changeOwnNameAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const user = await signedInUserOrThrow();
    if (user.mustChangePassword) throw new AppError("forbidden", "Choose your own password first.");
    const { name } = await changeOwnName({ userId: user.id, input: { name: formData.get("name") ?? "" } });
    return { ok: true, data: undefined, message: `Your name is now ${name}.` };
  } catch (error) {
    return toActionError(error, { action: "changeOwnName" });
  }
}
