"use client";
// One-click page publishing controls: republish, rollback to a published version, resume after a rollback, and
// cancel a pending schedule.
import { OneClickForm } from "@/app/components/one-click-form";
import { cancelPageScheduleAction, republishPageAction, resumePagePublishingAction, rollbackPageAction } from "../actions";



export function RepublishPageButton({ pageId }: { pageId: string }) {
  return <OneClickForm action={republishPageAction} label="Republish" fields={{ pageId }} />;
}

export function ResumePagePublishingButton({ pageId }: { pageId: string }) {
  return <OneClickForm action={resumePagePublishingAction} label="Resume publishing" fields={{ pageId }} />;
}

export function RollbackPageButton({ pageId, version }: { pageId: string; version: number }) {
  return <OneClickForm action={rollbackPageAction} label={`Roll back to v${version}`} fields={{ pageId, toVersion: String(version) }} confirm={`Show readers version ${version} again? Publishing pauses until you resume it.`} />;
}

export function CancelScheduleButton({ pageId, scheduleId, when }: { pageId: string; scheduleId: string; when: string }) {
  return <OneClickForm action={cancelPageScheduleAction} label="Cancel" fields={{ pageId, scheduleId }} ariaLabel={`Cancel the schedule for ${when}`} />;
}
