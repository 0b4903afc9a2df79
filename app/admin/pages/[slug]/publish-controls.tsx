"use client";
// One-click page publishing controls: republish, rollback to a published version, resume after a rollback, and
// cancel a pending schedule.
import { FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import type { TActionResult } from "@/lib/errors";
import { cancelPageScheduleAction, republishPageAction, resumePagePublishingAction, rollbackPageAction } from "../actions";

type TAction = (previous: TActionResult<never> | null, formData: FormData) => Promise<TActionResult<unknown>>;

function OneClickForm({ action, pageId, label, fields = {}, confirm, ariaLabel }: { action: TAction; pageId: string; label: string; fields?: Record<string, string>; confirm?: string; ariaLabel?: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(action as (previous: TActionResult<unknown> | null, formData: FormData) => Promise<TActionResult<unknown>>);
  return (
    <form
      ref={formRef}
      className="row"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) {
          event.preventDefault();
          return;
        }
        onSubmit(event);
      }}
    >
      <input type="hidden" name="pageId" value={pageId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="secondary" disabled={pending} aria-label={ariaLabel}>{pending ? "Working…" : label}</button>
      <FormError state={state} />
    </form>
  );
}

export function RepublishPageButton({ pageId }: { pageId: string }) {
  return <OneClickForm action={republishPageAction as TAction} pageId={pageId} label="Republish" />;
}

export function ResumePagePublishingButton({ pageId }: { pageId: string }) {
  return <OneClickForm action={resumePagePublishingAction as TAction} pageId={pageId} label="Resume publishing" />;
}

export function RollbackPageButton({ pageId, version }: { pageId: string; version: number }) {
  return <OneClickForm action={rollbackPageAction as TAction} pageId={pageId} label={`Roll back to v${version}`} fields={{ toVersion: String(version) }} confirm={`Show readers version ${version} again? Publishing pauses until you resume it.`} />;
}

export function CancelScheduleButton({ pageId, scheduleId, when }: { pageId: string; scheduleId: string; when: string }) {
  return <OneClickForm action={cancelPageScheduleAction as TAction} pageId={pageId} label="Cancel" fields={{ scheduleId }} ariaLabel={`Cancel the schedule for ${when}`} />;
}
