"use server";
// System page actions (admin only): pause/resume workers, cap the catch-up rate, retry or discard dead letters.
import { revalidatePath } from "next/cache";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { toActionError, type TActionResult } from "@/lib/errors";
import { changeWorkerControls } from "@/lib/system/change-worker-controls";
import { resolveDeadLetter } from "@/lib/system/resolve-dead-letter";
import { ZDeadLetterActionSchema, ZWorkerControlsSchema } from "@/lib/system/schemas";

// updateWorkerControlsAction – pause, resume, or cap the apply rate of every worker (works while the database is down)
export async function updateWorkerControlsAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const paused = formData.get("paused");
    const cap = formData.get("maxApplyPerSecond");
    const input = ZWorkerControlsSchema.parse({ paused: paused === null ? undefined : paused === "true", maxApplyPerSecond: cap === null ? undefined : cap });
    const user = await authorizeOrThrow("system:manage");
    const { controls, audited } = await changeWorkerControls({ actor: user, input });
    revalidatePath("/admin/system");
    const done = controls.paused ? "Workers paused." : `Workers running${controls.maxApplyPerSecond ? `, capped at ${controls.maxApplyPerSecond}/s` : ""}.`;
    return { ok: true, data: undefined, message: audited ? done : `${done} The audit log gets this change when the database is back.` };
  } catch (error) {
    return toActionError(error, { action: "updateWorkerControls" });
  }
}

// deadLetterAction – retry (back to the queue) or discard a dead-lettered command
export async function deadLetterAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const input = ZDeadLetterActionSchema.parse({ id: formData.get("id"), action: formData.get("action") });
    const user = await authorizeOrThrow("system:manage");
    const { action } = await resolveDeadLetter({ actorId: user.id, input });
    revalidatePath("/admin/system");
    return { ok: true, data: undefined, message: action === "retry" ? "Sent back to the queue." : "Discarded." };
  } catch (error) {
    return toActionError(error, { action: "deadLetter" });
  }
}
