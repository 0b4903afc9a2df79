"use server";
// loginAction – sign in with email + password (throttled per account and address in the credentials provider)
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { ZLoginSchema } from "@/lib/auth/schemas";
import { fieldErrorsFromZod, type TActionResult } from "@/lib/errors";

const INVALID = "Email or password is incorrect, or the account is disabled.";

export async function loginAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  const parsed = ZLoginSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    return { ok: false, code: "invalid_input", error: "Please fill in both fields.", fieldErrors: fieldErrorsFromZod(parsed.error) };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: "/admin" });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code.startsWith("rate_limited")) {
      const minutes = Number(error.code.split(":")[1] ?? 15);
      return {
        ok: false,
        code: "rate_limited",
        error: `Too many failed sign-in attempts from your address. Sign-in from here is paused; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        fieldErrors: {},
      };
    }
    if (error instanceof AuthError) return { ok: false, code: "unauthenticated", error: INVALID, fieldErrors: {} };
    throw error; // the success redirect
  }
  return { ok: true, data: undefined };
}
