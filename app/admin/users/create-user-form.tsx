"use client";
import { createUserAction } from "./actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";

export function CreateUserForm() {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(createUserAction, { resetOnSuccess: true });
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate aria-label="Add a user">
      <FormError state={state} />
      {state?.ok && state.data.password && (
        <p className="notice" role="status">
          Password for {state.data.email}: <code data-testid="generated-password">{state.data.password}</code> — shown once; pass it on securely. They choose their own at first sign-in.
        </p>
      )}
      <label>
        Name
        <input name="name" required maxLength={100} aria-invalid={Boolean(fieldErrors.name)} aria-describedby="name-error" />
        <FieldError id="name-error" message={fieldErrors.name} />
      </label>
      <label>
        Email
        <input name="email" type="email" required aria-invalid={Boolean(fieldErrors.email)} aria-describedby="new-email-error" />
        <FieldError id="new-email-error" message={fieldErrors.email} />
      </label>
      <label>
        Role
        <select name="role" defaultValue="editor">
          <option value="admin">admin — everything, including users</option>
          <option value="editor">editor — create live blogs and post</option>
          <option value="contributor">contributor — drafts only</option>
          <option value="viewer">viewer — read only</option>
        </select>
        <FieldError id="role-error" message={fieldErrors.role} />
      </label>
      <label>
        Password <span className="muted">(optional, at least 12 characters, not a common one; leave empty to generate one. Either way they choose their own at first sign-in.)</span>
        <input name="password" type="password" autoComplete="new-password" aria-invalid={Boolean(fieldErrors.password)} aria-describedby="new-password-error" />
        <FieldError id="new-password-error" message={fieldErrors.password} />
      </label>
      <button type="submit" disabled={pending}>{pending ? "Adding…" : "Add user"}</button>
    </form>
  );
}
