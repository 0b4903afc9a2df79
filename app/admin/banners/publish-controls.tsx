"use client";
// The banner set's publish controls: republish, resume after a rollback, and roll back to an earlier version.
import { OneClickForm } from "@/app/components/one-click-form";
import { republishBannersAction, resumeBannersAction, rollbackBannersAction } from "./actions";



export function RepublishBannersButton() {
  return <OneClickForm action={republishBannersAction} label="Republish" />;
}

export function ResumeBannersButton() {
  return <OneClickForm action={resumeBannersAction} label="Resume publishing" />;
}

export function RollbackBannersButton({ version }: { version: number }) {
  return (
    <OneClickForm
      action={rollbackBannersAction}
      label={`Roll back to v${version}`}
      fields={{ toVersion: String(version) }}
      confirm={`Show readers the banners of version ${version} again (as they are today; deleted banners stay deleted)? Publishing pauses until you resume it.`}
    />
  );
}
