// The `command_failures` table's statements, in one place: a command the apply workers gave up on (dead-lettered
// after its last attempt) is recorded here, so its author sees "failed" and why instead of "queued" forever.
// The apply worker calls recordDeadLetteredCommand when it dead-letters a message; the System page's Retry calls
// clearCommandFailure (the command is queued again). A command that later applies has a `commands` row, which wins.
import type { Db } from "../db";
import { eventFacts } from "../webhooks/event-body";
import { enqueueWebhookDeliveries } from "../webhooks/webhook-deliveries";
import { findCommandDefinition } from "./registry";

export type TCommandFailure = { reason: string; attempts: number; failedAt: Date };

const MAX_REASON_LENGTH = 500;

/** What the author is shown: the worker's error in one line, without stack or SQL noise. */
export function failureReasonOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const line = raw.split("\n").map((part) => part.trim()).filter(Boolean).at(-1) ?? "unknown error";
  const reason = `This change could not be saved: ${line}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

/** The command's actor and type from its queued body, if it can be read (a poison message may not be JSON at all). */
function envelopeFacts(body: string): { actorId: string | null; type: string | null } {
  try {
    const parsed = JSON.parse(body) as { actorId?: unknown; command?: { type?: unknown } };
    const actorId = typeof parsed.actorId === "string" && /^[0-9a-f-]{36}$/i.test(parsed.actorId) ? parsed.actorId : null;
    const type = typeof parsed.command?.type === "string" ? parsed.command.type.slice(0, 100) : null;
    return { actorId, type };
  } catch {
    return { actorId: null, type: null };
  }
}

/** The document the command was for (kind and id), as far as its body tells; null when it cannot be read. */
function documentOfBody(body: string): { kind: string; id: string } | null {
  try {
    const parsed = JSON.parse(body) as { command?: { type?: unknown } };
    const definition = typeof parsed.command?.type === "string" ? findCommandDefinition(parsed.command.type) : undefined;
    const document = definition?.documentOf(parsed.command);
    return document && typeof document.kind === "string" && typeof document.id === "string" ? { kind: document.kind.slice(0, 100), id: document.id.slice(0, 200) } : null;
  } catch {
    return null;
  }
}

/** Call when a command's message moves to the dead letters: `commandId` is the message id (the command's id). Webhooks
 * subscribed to `dead_letter` are queued in the same transaction. */
export async function recordDeadLetteredCommand(database: Db, options: { commandId: string; body: string; error: unknown; attempts: number }): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(options.commandId)) return;
  const { actorId, type } = envelopeFacts(options.body);
  // NUL and lone surrogates are exactly what may have poisoned it: keep the reason storable.
  const reason = failureReasonOf(options.error).replace(/\u0000/g, "").replace(/[\uD800-\uDFFF]/g, "\uFFFD");
  const document = documentOfBody(options.body);
  const hook = eventFacts({ event: "dead_letter", kind: document?.kind ?? null, documentId: document?.id ?? null, version: null, time: new Date(), extra: { command: { id: options.commandId, type }, reason } });
  await database.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO command_failures (command_id, actor_id, type, reason, attempts, failed_at)
      VALUES (${options.commandId}::uuid, ${actorId}::uuid, ${type}, ${reason}, ${options.attempts}, now())
      ON CONFLICT (command_id) DO UPDATE SET reason = EXCLUDED.reason, attempts = EXCLUDED.attempts, failed_at = EXCLUDED.failed_at`;
    await enqueueWebhookDeliveries(tx, hook);
  });
}

/** Call when a dead letter is retried: the command is queued again. */
export async function clearCommandFailure(database: Db, commandId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(commandId)) return;
  await database.$executeRaw`DELETE FROM command_failures WHERE command_id = ${commandId}::uuid`;
}

export async function findCommandFailure(database: Db, options: { commandId: string; actorId: string; canSeeAll: boolean }): Promise<TCommandFailure | null> {
  const [row] = await database.$queryRaw<(TCommandFailure & { actorId: string | null })[]>`
    SELECT reason, attempts, failed_at AS "failedAt", actor_id::text AS "actorId" FROM command_failures WHERE command_id = ${options.commandId}::uuid`;
  if (!row || (!options.canSeeAll && row.actorId !== options.actorId)) return null;
  return { reason: row.reason, attempts: row.attempts, failedAt: row.failedAt };
}
