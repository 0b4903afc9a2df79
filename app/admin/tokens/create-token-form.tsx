"use client";
import { useState } from "react";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { MAX_TOKEN_LIFETIME_DAYS } from "@/lib/api-tokens/schemas";
import { createApiTokenAction } from "./actions";

type TOwner = { id: string; email: string; name: string; role: string };

function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = () => navigator.clipboard.writeText(text).then(() => setState("copied"), () => setState("failed"));
  return (
    <>
      <button type="button" className="secondary" onClick={copy}>Copy</button>
      <span role="status" className="muted">
        {state === "copied" ? "Copied." : state === "failed" ? "Copying failed: select the token and copy it by hand." : ""}
      </span>
    </>
  );
}

export function CreateTokenForm({ owners }: { owners: TOwner[] }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(createApiTokenAction, { resetOnSuccess: true });
  const created = state?.ok ? state.data : null;
  return (
    <>
      {created && (
        <div className="notice success stack" role="status" aria-label="New API token">
          <p>
            Created <strong>{created.name}</strong> for {created.userEmail}, valid until {created.expiresAt.replace("T", " ").slice(0, 16)} UTC.
            Copy the token now: <strong>you will not see it again.</strong>
          </p>
          <p className="row">
            <code data-testid="new-token-secret">{created.secret}</code>
            <CopyButton text={created.secret} />
          </p>
        </div>
      )}
      <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate aria-label="Create an API token">
        <FormError state={state?.ok ? null : state} />
        <label>
          User <span className="muted">(the token acts as this user, with their role at the time of each request)</span>
          <select name="userId" defaultValue="" aria-invalid={Boolean(fieldErrors.userId)} aria-describedby="token-user-error">
            <option value="" disabled>Choose a user…</option>
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>{owner.email} ({owner.role})</option>
            ))}
          </select>
          <FieldError id="token-user-error" message={fieldErrors.userId} />
        </label>
        <label>
          Name <span className="muted">(what uses it, e.g. “results importer”)</span>
          <input name="name" required maxLength={100} aria-invalid={Boolean(fieldErrors.name)} aria-describedby="token-name-error" />
          <FieldError id="token-name-error" message={fieldErrors.name} />
        </label>
        <label>
          Expires in
          <select name="expiresInDays" defaultValue="90" aria-invalid={Boolean(fieldErrors.expiresInDays)} aria-describedby="token-days-error">
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="180">180 days</option>
            <option value={String(MAX_TOKEN_LIFETIME_DAYS)}>{MAX_TOKEN_LIFETIME_DAYS} days</option>
          </select>
          <FieldError id="token-days-error" message={fieldErrors.expiresInDays} />
        </label>
        <label>
          Or expires on <span className="muted">(optional; the end of that day, UTC; replaces the choice above)</span>
          <input name="expiresOn" type="date" aria-invalid={Boolean(fieldErrors.expiresAt)} aria-describedby="token-date-error" />
          <FieldError id="token-date-error" message={fieldErrors.expiresAt} />
        </label>
        <button type="submit" disabled={pending}>{pending ? "Creating…" : "Create token"}</button>
      </form>
    </>
  );
}
