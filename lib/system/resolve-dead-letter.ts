// Retries (back onto the write queue) or discards a dead-lettered command for an admin, and records who did it.
import "server-only";
import { recordAudit } from "../audit/record-audit";
import { clearCommandFailure } from "../commands/command-failures";
import { db, type Db } from "../db";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import { ZDeadLetterActionSchema } from "./schemas";

export async function resolveDeadLetter(options: { actorId: string; input: unknown }, database: Db = db(), queue: Queue = getQueue()) {
  const { id, action } = ZDeadLetterActionSchema.parse(options.input);
  if (action === "retry") {
    await queue.retryDeadLetter(id);
    // Queued again: its author sees "queued" until it applies or fails once more.
    await clearCommandFailure(database, id);
  } else await queue.discardDeadLetter(id);
  // The dead letters live in the queue, not Postgres, so no transaction spans both: the row follows the queue's change.
  await recordAudit(database, { actorId: options.actorId, action: `dead-letter.${action}`, subjectType: "session", subjectId: options.actorId, details: { commandId: id } });
  return { id, action };
}
