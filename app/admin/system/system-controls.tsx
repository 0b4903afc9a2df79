"use client";
import { deadLetterAction, updateWorkerControlsAction } from "./actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";

export function PauseResumeForm({ paused }: { paused: boolean }) {
  const { state, pending, formRef, onSubmit } = useFormAction(updateWorkerControlsAction);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="row" aria-label="Pause or resume workers">
      <input type="hidden" name="paused" value={paused ? "false" : "true"} />
      <button type="submit" className="secondary" disabled={pending}>{paused ? "Resume workers" : "Pause workers"}</button>
      <FormError state={state} />
    </form>
  );
}

export function CatchUpCapForm({ current }: { current: number }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(updateWorkerControlsAction);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="row" aria-label="Catch-up cap">
      <label className="row">
        Catch-up cap (commands/s per worker, 0 = none)
        <input name="maxApplyPerSecond" type="number" min={0} defaultValue={current} style={{ width: "8rem" }} aria-invalid={Boolean(fieldErrors.maxApplyPerSecond)} aria-describedby="cap-error" />
      </label>
      <button type="submit" className="secondary" disabled={pending}>Set cap</button>
      <FieldError id="cap-error" message={fieldErrors.maxApplyPerSecond} />
      <FormError state={state} />
    </form>
  );
}

export function DeadLetterButtons({ id }: { id: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(deadLetterAction);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="row" aria-label={`Dead letter ${id}`}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="action" value="retry" className="secondary" disabled={pending}>Retry</button>
      <button type="submit" name="action" value="discard" className="secondary" disabled={pending}>Discard</button>
      <FormError state={state} />
    </form>
  );
}
