"use client";
import { saveWebhookAction } from "./actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/webhooks/constants";

type TWebhookSettings = { id: string; name: string; url: string; kinds: string[]; events: string[]; enabled: boolean };

export function WebhookForm({ kinds, webhook }: { kinds: string[]; webhook?: TWebhookSettings }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(saveWebhookAction, { resetOnSuccess: !webhook });
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate aria-label={webhook ? "Webhook settings" : "Add a webhook"}>
      <FormError state={state} />
      {state?.ok && state.data.generatedSecret && (
        <p className="notice" role="status">
          Signing secret: <code data-testid="webhook-secret">{state.data.generatedSecret}</code> — shown once; give it to the receiver, which checks the Ballast-Signature header with it.
        </p>
      )}
      {webhook && <input type="hidden" name="webhookId" value={webhook.id} />}
      <label>
        Name
        <input name="name" required maxLength={100} defaultValue={webhook?.name} aria-invalid={Boolean(fieldErrors.name)} aria-describedby="webhook-name-error" />
        <FieldError id="webhook-name-error" message={fieldErrors.name} />
      </label>
      <label>
        URL <span className="muted">(https://…; private and local addresses are refused unless FETCH_ALLOWLIST names them)</span>
        <input name="url" type="url" required defaultValue={webhook?.url} placeholder="https://hooks.example.com/ballast" aria-invalid={Boolean(fieldErrors.url)} aria-describedby="webhook-url-error" />
        <FieldError id="webhook-url-error" message={fieldErrors.url} />
      </label>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="checkbox">
            <input type="checkbox" name="events" value={event} defaultChecked={webhook ? webhook.events.includes(event) : event === "published"} /> {WEBHOOK_EVENT_LABELS[event]}
          </label>
        ))}
        <FieldError id="webhook-events-error" message={fieldErrors.events} />
      </fieldset>
      <fieldset>
        <legend>Document kinds <span className="muted">(none ticked: every kind)</span></legend>
        {kinds.map((kind) => (
          <label key={kind} className="checkbox">
            <input type="checkbox" name="kinds" value={kind} defaultChecked={webhook?.kinds.includes(kind)} /> {kind}
          </label>
        ))}
        <FieldError id="webhook-kinds-error" message={fieldErrors.kinds} />
      </fieldset>
      <label>
        Secret <span className="muted">({webhook ? "leave empty to keep the current one" : "leave empty to generate one, shown once"}; at least 16 characters)</span>
        <input name="secret" type="password" autoComplete="off" aria-invalid={Boolean(fieldErrors.secret)} aria-describedby="webhook-secret-error" />
        <FieldError id="webhook-secret-error" message={fieldErrors.secret} />
      </label>
      <label className="checkbox">
        <input type="checkbox" name="enabled" defaultChecked={webhook?.enabled ?? true} /> Enabled
      </label>
      <button type="submit" disabled={pending}>{pending ? "Saving…" : webhook ? "Save webhook" : "Add webhook"}</button>
    </form>
  );
}
