// Writes the worker-control changes kept in the control store (made while Postgres may have been down) to audit_log,
// once each: the change's id is the audit row's subject, checked under a lock, so two workers (or a retry after a
// crash between the insert and the store's markAudited) never write a row twice.
import "server-only";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db";
import type { TWorkerControlChange, WorkerControlStore } from "../queue/worker-control-store";
import { WORKER_CONTROLS_AUDIT_ACTION, WORKER_CONTROLS_AUDIT_SUBJECT } from "./schemas";

async function recordOnce(database: Db, change: TWorkerControlChange): Promise<void> {
  await database.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${WORKER_CONTROLS_AUDIT_SUBJECT}:${change.id}`}))`;
    const existing = await tx.auditLog.findFirst({ where: { subjectType: WORKER_CONTROLS_AUDIT_SUBJECT, subjectId: change.id }, select: { id: true } });
    if (existing) return;
    // An admin removed from the database meanwhile is still named in the details.
    const actorKnown = change.actorId !== null && (await tx.user.count({ where: { id: change.actorId } })) === 1;
    await recordAudit(tx, {
      actorId: actorKnown ? change.actorId : null,
      action: WORKER_CONTROLS_AUDIT_ACTION,
      subjectType: WORKER_CONTROLS_AUDIT_SUBJECT,
      subjectId: change.id,
      details: {
        ...change.changes,
        controls: change.controls,
        via: change.via,
        by: change.by,
        ...(change.actorId && !actorKnown ? { actorId: change.actorId } : {}),
        changedAt: new Date(change.changedAtMs).toISOString(),
      },
    });
  });
}

/** Audits the given unaudited changes (oldest first) and clears them from the store; returns how many. Throws what
 * the database throws (e.g. unreachable): the changes stay in the store for the next try. */
export async function recordWorkerControlAudits(options: { database: Db; store: WorkerControlStore; changes: TWorkerControlChange[] }): Promise<number> {
  const { database, store, changes } = options;
  for (const change of changes) await recordOnce(database, change);
  if (changes.length > 0) await store.markAudited(changes.map((change) => change.id));
  return changes.length;
}
