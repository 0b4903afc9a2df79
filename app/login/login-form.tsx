"use client";
import { useFormAction } from "@/app/components/use-form-action";
import { loginAction } from "./actions";
import { FieldError, FormError } from "@/app/components/form-messages";

export function LoginForm() {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(loginAction);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack" noValidate>
      <FormError state={state} />
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus aria-invalid={Boolean(fieldErrors.email)} aria-describedby="email-error" />
        <FieldError id="email-error" message={fieldErrors.email} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required aria-invalid={Boolean(fieldErrors.password)} aria-describedby="password-error" />
        <FieldError id="password-error" message={fieldErrors.password} />
      </label>
      <button type="submit" disabled={pending}>{pending ? "Signing in…" : "Sign in"}</button>
    </form>
  );
}
