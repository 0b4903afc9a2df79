"use client";
import { changeOwnPasswordAction } from "./actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";

export function ChangePasswordForm({ submitLabel = "Change password" }: { submitLabel?: string }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(changeOwnPasswordAction, { resetOnSuccess: true });
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate aria-label="Change password">
      <FormError state={state} />
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required aria-invalid={Boolean(fieldErrors.currentPassword)} aria-describedby="current-password-error" />
        <FieldError id="current-password-error" message={fieldErrors.currentPassword} />
      </label>
      <label>
        New password <span className="muted">(at least 12 characters; not a commonly used password)</span>
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={256} aria-invalid={Boolean(fieldErrors.newPassword)} aria-describedby="new-password-error" />
        <FieldError id="new-password-error" message={fieldErrors.newPassword} />
      </label>
      <label>
        Confirm new password
        <input name="confirmPassword" type="password" autoComplete="new-password" required aria-invalid={Boolean(fieldErrors.confirmPassword)} aria-describedby="confirm-password-error" />
        <FieldError id="confirm-password-error" message={fieldErrors.confirmPassword} />
      </label>
      <button type="submit" disabled={pending}>{pending ? "Saving…" : submitLabel}</button>
    </form>
  );
}
