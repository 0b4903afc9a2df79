"use client";
import { changeOwnNameAction } from "./actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";

export function DisplayNameForm({ name }: { name: string }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(changeOwnNameAction);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate aria-label="Display name">
      <FormError state={state} />
      <label>
        Display name <span className="muted">(shown as the author of your entries)</span>
        <input name="name" defaultValue={name} required maxLength={100} autoComplete="name" aria-invalid={Boolean(fieldErrors.name)} aria-describedby="display-name-error" />
        <FieldError id="display-name-error" message={fieldErrors.name} />
      </label>
      <button type="submit" disabled={pending}>{pending ? "Saving…" : "Save name"}</button>
    </form>
  );
}
