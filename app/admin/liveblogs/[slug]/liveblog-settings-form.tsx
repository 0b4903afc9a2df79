"use client";
// Title, description and coverage status of a live blog (liveblog:edit); "End coverage" is a one-click status change.
import { useState } from "react";
import { updateLiveBlogAction } from "../actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { LIVEBLOG_STATUSES } from "@/lib/liveblogs/schemas";

type TStatus = (typeof LIVEBLOG_STATUSES)[number];

const STATUS_LABELS: Record<TStatus, string> = { draft: "Draft", live: "Live", ended: "Ended", archived: "Archived" };

export function LiveBlogSettingsForm({ liveBlog }: { liveBlog: { id: string; title: string; description: string; status: TStatus } }) {
  // The change is applied by the worker: the server's status catches up later, so the last saved one is kept here.
  const [status, setStatus] = useState<TStatus>(liveBlog.status);
  const [savedStatus, setSavedStatus] = useState<TStatus>(liveBlog.status);
  const [serverStatus, setServerStatus] = useState<TStatus>(liveBlog.status);
  if (liveBlog.status !== serverStatus) {
    setServerStatus(liveBlog.status);
    setStatus(liveBlog.status);
    setSavedStatus(liveBlog.status);
  }

  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction<undefined>(async (previous, formData) => {
    if (formData.get("intent") === "end") formData.set("status", "ended");
    const result = await updateLiveBlogAction(previous, formData);
    if (result.ok) {
      const next = String(formData.get("status")) as TStatus;
      setStatus(next);
      setSavedStatus(next);
    }
    return result;
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow settings-form" noValidate aria-label="Live blog settings">
      <input type="hidden" name="liveBlogId" value={liveBlog.id} />
      <div className="field">
        <label htmlFor="settings-title">Title</label>
        <input id="settings-title" name="title" defaultValue={liveBlog.title} maxLength={200} required aria-invalid={Boolean(fieldErrors.title)} aria-describedby={fieldErrors.title ? "settings-title-error" : undefined} />
        <FieldError id="settings-title-error" message={fieldErrors.title} />
      </div>
      <div className="field">
        <label htmlFor="settings-description">Description</label>
        <textarea id="settings-description" name="description" rows={3} defaultValue={liveBlog.description} maxLength={1000} aria-invalid={Boolean(fieldErrors.description)} aria-describedby={fieldErrors.description ? "settings-description-error" : undefined} />
        <FieldError id="settings-description-error" message={fieldErrors.description} />
      </div>
      <div className="field">
        <label htmlFor="settings-status">Status</label>
        <select id="settings-status" name="status" value={status} onChange={(event) => setStatus(event.target.value as TStatus)} aria-invalid={Boolean(fieldErrors.status)} aria-describedby={fieldErrors.status ? "settings-status-error" : undefined}>
          {LIVEBLOG_STATUSES.map((value) => (
            <option key={value} value={value}>{STATUS_LABELS[value]}</option>
          ))}
        </select>
        <FieldError id="settings-status-error" message={fieldErrors.status} />
      </div>
      <div className="row">
        <button type="submit" name="intent" value="save" disabled={pending}>{pending ? "Saving…" : "Save settings"}</button>
        {savedStatus === "live" && (
          <button type="submit" name="intent" value="end" className="secondary" disabled={pending}>End coverage</button>
        )}
      </div>
      <FormError state={state} />
    </form>
  );
}
