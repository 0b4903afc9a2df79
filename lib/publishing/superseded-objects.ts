// The `superseded_objects` table's statements, in one place: objects no published head names any more. A publish
// retires keys in its record transaction (deleted after a grace period, so cached heads never point at a missing
// file); a withdrawal (a draft) retires every key at once; a publish that uploads a retired key again takes it back;
// and the takedown sweep claims due rows, deletes the objects, then drops the rows it still owns.
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { TDocumentKey } from "./publication-state";

/** A CTE body (after the fence, `from`) that schedules `keys` for deletion `graceMs` from now; an already scheduled
 * key keeps the earlier time. */
export function retireKeysSql(document: TDocumentKey, keys: string[], graceMs: number, from: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO superseded_objects (key, kind, document_id, delete_after)
    SELECT retired.key, ${document.kind}, ${document.documentId}, now() + make_interval(secs => ${graceMs / 1000}::float8)
    FROM ${from}, unnest(${keys}::text[]) AS retired(key)
    ON CONFLICT (key) DO UPDATE SET delete_after = least(superseded_objects.delete_after, EXCLUDED.delete_after), kind = EXCLUDED.kind,
      document_id = EXCLUDED.document_id`;
}

/** Whether any key of the document is scheduled for deletion (an expression for the lease statement). */
export function hasRetiredKeysSql(document: TDocumentKey): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM superseded_objects WHERE kind = ${document.kind} AND document_id = ${document.documentId})`;
}

/** Before uploading keys that were retired (a blog back from draft, a page rendered identically again): they are
 * named again, so they must not be deleted. A sweep that had claimed one notices and asks for a republish. */
export async function reclaimRetiredKeys(database: Db, document: TDocumentKey, keys: string[]): Promise<number> {
  return database.$executeRaw`
    DELETE FROM superseded_objects WHERE kind = ${document.kind} AND document_id = ${document.documentId} AND key = ANY(${keys}::text[])`;
}

export type TDueDeletion = { key: string; kind: string; documentId: string; attempts: number };

/** How long a sweep may take over its claimed rows before another worker may claim them again. */
const CLAIM_MS = 60_000;

/** Claims up to `limit` objects whose grace period is over (and whose last failed attempt's backoff is over). */
export async function claimDueDeletions(database: Db, limit: number): Promise<{ claim: string; due: TDueDeletion[] }> {
  const claim = randomUUID();
  const due = await database.$queryRaw<TDueDeletion[]>`
    UPDATE superseded_objects SET claim = ${claim}::uuid, claimed_until = now() + make_interval(secs => ${CLAIM_MS / 1000}::float8), attempts = attempts + 1
    WHERE key IN (
      SELECT key FROM superseded_objects
      WHERE delete_after <= now() AND (claimed_until IS NULL OR claimed_until <= now())
      ORDER BY delete_after LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING key, kind, document_id AS "documentId", attempts`;
  return { claim, due };
}

/** Drops the rows of deleted objects that this claim still owns; returns the keys whose rows were gone (a publish
 * took them back meanwhile, so the object may have been deleted under a head that names it). */
export async function finishDeletions(database: Db, claim: string, deletedKeys: string[]): Promise<string[]> {
  if (deletedKeys.length === 0) return [];
  const owned = await database.$queryRaw<{ key: string }[]>`
    DELETE FROM superseded_objects WHERE claim = ${claim}::uuid AND key = ANY(${deletedKeys}::text[]) RETURNING key`;
  const ownedKeys = new Set(owned.map((row) => row.key));
  return deletedKeys.filter((key) => !ownedKeys.has(key));
}

/** A failed delete is tried again after `retryInMs`; the error stays on the row for operators. */
export async function recordDeletionFailures(database: Db, claim: string, failures: { key: string; error: string; retryInMs: number }[]): Promise<void> {
  if (failures.length === 0) return;
  await database.$executeRaw`
    UPDATE superseded_objects s SET claimed_until = now() + make_interval(secs => f.retry_ms / 1000.0), last_error = f.error
    FROM jsonb_to_recordset(${JSON.stringify(failures.map((failure) => ({ key: failure.key, error: failure.error.slice(0, 2000), retry_ms: failure.retryInMs })))}::jsonb)
      AS f(key text, error text, retry_ms int)
    WHERE s.key = f.key AND s.claim = ${claim}::uuid`;
}

/** Milliseconds until the next object falls due (0: now); null when nothing is scheduled. */
export async function nextDeletionDueInMs(database: Db): Promise<number | null> {
  const [row] = await database.$queryRaw<{ dueInMs: number | null }[]>`
    SELECT greatest(0, ceil(extract(epoch FROM min(greatest(delete_after, coalesce(claimed_until, delete_after))) - now()) * 1000))::int AS "dueInMs"
    FROM superseded_objects`;
  return row?.dueInMs ?? null;
}

/** The document's objects waiting to be deleted, soonest first (for the admin and tests). */
export async function listRetiredKeys(database: Db, document: TDocumentKey): Promise<{ key: string; deleteAfter: Date; attempts: number; lastError: string | null }[]> {
  return database.$queryRaw`
    SELECT key, delete_after AS "deleteAfter", attempts, last_error AS "lastError" FROM superseded_objects
    WHERE kind = ${document.kind} AND document_id = ${document.documentId} ORDER BY delete_after, key`;
}
