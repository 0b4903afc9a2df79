"use client";
// The emergency notice form: one short message, Publish or Clear. Works while the database is down.
import { useState } from "react";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { NOTICE_MAX_CHARS } from "@/lib/banners/notice-schemas";
import { issueNoticeAction } from "./actions";

export function NoticeForm({ current }: { current: string }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(issueNoticeAction);
  const [length, setLength] = useState(current.length);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate aria-label="Emergency notice">
      <FormError state={state?.ok ? null : state} />
      {state?.ok && <p className="notice success" role="status" data-testid="notice-result">{state.message}</p>}
      <label>
        Message <span className="muted">(plain text, shown above every banner on every page with the widget)</span>
        <textarea
          name="message"
          rows={3}
          maxLength={NOTICE_MAX_CHARS}
          defaultValue={current}
          placeholder="New updates are delayed; we are working on it."
          onChange={(event) => setLength(event.currentTarget.value.length)}
          aria-invalid={Boolean(fieldErrors.message)}
          aria-describedby="notice-message-error notice-message-count"
        />
        <span id="notice-message-count" className="muted small">{length} / {NOTICE_MAX_CHARS}</span>
        <FieldError id="notice-message-error" message={fieldErrors.message} />
      </label>
      <div className="row">
        <button type="submit" name="intent" value="publish" disabled={pending}>{pending ? "Publishing…" : "Publish notice"}</button>
        <button type="submit" name="intent" value="clear" className="secondary" disabled={pending || current === ""}>Clear notice</button>
      </div>
    </form>
  );
}

/** Publishes an earlier notice's text again (the way to roll the notice back). */
export function RepublishNoticeButton({ message }: { message: string }) {
  const { state, pending, onSubmit } = useFormAction(issueNoticeAction);
  return (
    <form onSubmit={onSubmit} className="row" aria-label="Publish this notice again">
      <input type="hidden" name="message" value={message} />
      <button type="submit" name="intent" value="publish" className="secondary small" disabled={pending}>{pending ? "Publishing…" : "Publish again"}</button>
      {state && <span role="status" className="muted small">{state.ok ? "Published." : state.error}</span>}
    </form>
  );
}
