"use client";
// The banner set's publish controls: republish, resume after a rollback, and roll back to an earlier version.
import { FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import type { TActionResult } from "@/lib/errors";
import { republishBannersAction, resumeBannersAction, rollbackBannersAction } from "./actions";

type TAction = (previous: TActionResult | null, formData: FormData) => Promise<TActionResult>;

function OneClickForm({ action, label, fields = {}, confirm }: { action: TAction; label: string; fields?: Record<string, string>; confirm?: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(action);
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
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? "Working…" : label}
      </button>
      <FormError state={state} />
    </form>
  );
}

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
