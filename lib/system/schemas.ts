// Input of the System page's controls.
import { z } from "zod";

export const ZWorkerControlsSchema = z.object({
  paused: z.boolean().optional(),
  maxApplyPerSecond: z.coerce.number().int("Use a whole number.").min(0, "Use 0 for no cap, or a positive number.").max(100_000, "At most 100,000 per second.").optional(),
});

export const ZDeadLetterActionSchema = z.object({
  id: z.string().min(1, "Unknown dead letter.").max(200),
  action: z.enum(["retry", "discard"]),
});

/** Audit rows of worker-control changes: this action, with the change's id as the subject. */
export const WORKER_CONTROLS_AUDIT_ACTION = "workers.controls";
export const WORKER_CONTROLS_AUDIT_SUBJECT = "worker-controls";
