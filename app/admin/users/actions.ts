"use server";
// User-management server actions (admin only): create, change role, disable/enable.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { toActionError, type TActionResult } from "@/lib/errors";
import { requestOrigin } from "@/lib/http/request-origin";
import { createUser } from "@/lib/users/create-user";
import { issuePasswordReset } from "@/lib/users/issue-password-reset";
import { ZChangeRoleSchema, ZCreateUserSchema, ZIssuePasswordResetSchema, ZSetDisabledSchema } from "@/lib/users/schemas";
import { changeUserRole, setUserDisabled } from "@/lib/users/update-user-access";

// createUserAction – add a user; returns a generated password once when none was given
export async function createUserAction(_previous: TActionResult<{ email: string; password?: string }> | null, formData: FormData): Promise<TActionResult<{ email: string; password?: string }>> {
  try {
    const input = ZCreateUserSchema.parse({ email: formData.get("email"), name: formData.get("name"), role: formData.get("role"), password: formData.get("password") ?? undefined });
    const actor = await authorizeOrThrow("users:manage");
    const { user, generatedPassword } = await createUser({ actorId: actor.id, input });
    revalidatePath("/admin/users");
    return { ok: true, data: { email: user.email, password: generatedPassword }, message: `Created ${user.email}.` };
  } catch (error) {
    return toActionError(error, { action: "createUser" });
  }
}

// changeRoleAction – set a user's role
export async function changeRoleAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const input = ZChangeRoleSchema.parse({ userId: formData.get("userId"), role: formData.get("role") });
    const actor = await authorizeOrThrow("users:manage");
    const user = await changeUserRole({ actorId: actor.id, input });
    revalidatePath("/admin/users");
    return { ok: true, data: undefined, message: `${user.email} is now ${user.role}.` };
  } catch (error) {
    return toActionError(error, { action: "changeRole" });
  }
}

// setDisabledAction – disable or re-enable a user; a disabled user's session stops working at once
export async function setDisabledAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const input = ZSetDisabledSchema.parse({ userId: formData.get("userId"), disabled: formData.get("disabled") === "true" });
    const actor = await authorizeOrThrow("users:manage");
    const user = await setUserDisabled({ actorId: actor.id, input });
    revalidatePath("/admin/users");
    return { ok: true, data: undefined, message: `${user.email} is ${user.disabled ? "disabled" : "enabled"}.` };
  } catch (error) {
    return toActionError(error, { action: "setDisabled" });
  }
}

export type TIssuedResetLink = { email: string; link: string; expiresAt: string; emailed: boolean; emailError: string | null };

// issueResetLinkAction – a one-time password-reset link for a user (one hour), shown once; emailed too with SMTP_URL
export async function issueResetLinkAction(_previous: TActionResult<TIssuedResetLink> | null, formData: FormData): Promise<TActionResult<TIssuedResetLink>> {
  try {
    const input = ZIssuePasswordResetSchema.parse({ userId: formData.get("userId") });
    const actor = await authorizeOrThrow("users:manage");
    const issued = await issuePasswordReset({ actorId: actor.id, input, baseUrl: requestOrigin(await headers()) });
    return { ok: true, data: { ...issued, expiresAt: issued.expiresAt.toISOString() } };
  } catch (error) {
    return toActionError(error, { action: "issueResetLink" });
  }
}
