"use client";
// A one-button form for an admin action (republish, roll back, resume, cancel): hidden fields, an optional
// confirmation, the action's error next to the button.
import { FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import type { TActionResult } from "@/lib/errors";

export function OneClickForm<T>({ action, label, fields = {}, confirm, primary = false, ariaLabel }: { action: (previous: TActionResult<T> | null, formData: FormData) => Promise<TActionResult<T>>; label: string; fields?: Record<string, string>; confirm?: string; primary?: boolean; ariaLabel?: string }) {
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
      <button type="submit" className={primary ? undefined : "secondary"} disabled={pending} aria-label={ariaLabel}>{pending ? "Working…" : label}</button>
      <FormError state={state} />
    </form>
  );
}
