"use client";
import { republishAction, resumePublishingAction, rollbackAction, updateLiveBlogAction } from "../actions";
import { FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import type { TActionResult } from "@/lib/errors";

type TAction = (previous: TActionResult | null, formData: FormData) => Promise<TActionResult>;

function OneClickForm({ action, liveBlogId, label, fields = {}, confirm, primary = false }: { action: TAction; liveBlogId: string; label: string; fields?: Record<string, string>; confirm?: string; primary?: boolean }) {
  const { state, pending, formRef, onSubmit } = useFormAction(action);
  return (
    <form
      ref={formRef}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) {
          event.preventDefault();
          return;
        }
        onSubmit(event);
      }}
      className="row"
    >
      <input type="hidden" name="liveBlogId" value={liveBlogId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={primary ? undefined : "secondary"} disabled={pending}>{pending ? "Working…" : label}</button>
      <FormError state={state} />
    </form>
  );
}

/** Drafts are private: this makes the blog live, and its next publish puts it where readers can fetch it. */
export function GoLiveButton({ liveBlogId }: { liveBlogId: string }) {
  return <OneClickForm action={updateLiveBlogAction} liveBlogId={liveBlogId} label="Go live" fields={{ status: "live" }} primary />;
}

export function RepublishButton({ liveBlogId }: { liveBlogId: string }) {
  return <OneClickForm action={republishAction} liveBlogId={liveBlogId} label="Republish" />;
}

export function ResumePublishingButton({ liveBlogId }: { liveBlogId: string }) {
  return <OneClickForm action={resumePublishingAction} liveBlogId={liveBlogId} label="Resume publishing" />;
}

export function RollbackButton({ liveBlogId, version }: { liveBlogId: string; version: number }) {
  return (
    <OneClickForm
      action={rollbackAction}
      liveBlogId={liveBlogId}
      label={`Roll back to v${version}`}
      fields={{ toVersion: String(version) }}
      confirm={`Show readers version ${version} again? Publishing pauses until you resume it.`}
    />
  );
}
