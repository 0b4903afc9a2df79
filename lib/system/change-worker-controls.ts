// Pauses, resumes or caps the apply workers for an admin; the audit row is written in the same transaction.
import "server-only";
import { recordAudit } from "../audit/record-audit";
import { updateWorkerControls, type TWorkerControls } from "../commands/worker-controls";
import { db, type Db } from "../db";
import { ZWorkerControlsSchema } from "./schemas";

export async function changeWorkerControls(options: { actorId: string; input: unknown }, database: Db = db()): Promise<TWorkerControls> {
  const changes = ZWorkerControlsSchema.parse(options.input);
  return database.$transaction(async (tx) => {
    const controls = await updateWorkerControls(tx, changes);
    await recordAudit(tx, { actorId: options.actorId, action: "workers.controls", subjectType: "session", subjectId: options.actorId, details: controls });
    return controls;
  });
}
