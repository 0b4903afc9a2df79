"use client";
import Link from "next/link";
import { resetPasswordAction } from "./actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";

export function ResetPasswordForm({ token }: { token: string }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(resetPasswordAction);
  if (state?.ok) {
    return (
      <>
        <FormError state={state} />
        <p>
          <Link href="/login">Sign in</Link>
        </p>
      </>
    );
  }
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack" noValidate aria-label="Set a new password">
      <FormError state={state} />
      <input type="hidden" name="token" value={token} />
      <label>
        New password <span className="muted">(at least 12 characters; not a commonly used password)</span>
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={256} autoFocus aria-invalid={Boolean(fieldErrors.newPassword)} aria-describedby="reset-new-error" />
        <FieldError id="reset-new-error" message={fieldErrors.newPassword} />
      </label>
      <label>
        Confirm new password
        <input name="confirmPassword" type="password" autoComplete="new-password" required aria-invalid={Boolean(fieldErrors.confirmPassword)} aria-describedby="reset-confirm-error" />
        <FieldError id="reset-confirm-error" message={fieldErrors.confirmPassword} />
      </label>
      <button type="submit" disabled={pending}>{pending ? "Saving…" : "Set password"}</button>
    </form>
  );
}
