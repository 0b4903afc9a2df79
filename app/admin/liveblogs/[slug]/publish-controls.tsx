"use client";
import { republishAction, resumePublishingAction, rollbackAction, updateLiveBlogAction } from "../actions";
import { OneClickForm } from "@/app/components/one-click-form";

/** Drafts are private: this makes the blog live, and its next publish puts it where readers can fetch it. */
export function GoLiveButton({ liveBlogId }: { liveBlogId: string }) {
  return <OneClickForm action={updateLiveBlogAction} label="Go live" fields={{ liveBlogId, status: "live" }} primary />;
}

export function RepublishButton({ liveBlogId }: { liveBlogId: string }) {
  return <OneClickForm action={republishAction} label="Republish" fields={{ liveBlogId }} />;
}

export function ResumePublishingButton({ liveBlogId }: { liveBlogId: string }) {
  return <OneClickForm action={resumePublishingAction} label="Resume publishing" fields={{ liveBlogId }} />;
}

export function RollbackButton({ liveBlogId, version }: { liveBlogId: string; version: number }) {
  return (
    <OneClickForm
      action={rollbackAction}
      label={`Roll back to v${version}`}
      fields={{ liveBlogId, toVersion: String(version) }}
      confirm={`Show readers version ${version} again? Publishing pauses until you resume it.`}
    />
  );
}
