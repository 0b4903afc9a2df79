// The `publish_jobs` table's reads and updates, in one place (the INSERT is in enqueue-publish.ts): which documents
// are due, fairly across kinds; what one document's pending jobs ask for; finishing them; failures with backoff.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { TDocumentKey } from "./publication-state";

export type TDueDocument = { documentType: string; documentId: string };

export type TDueDocuments = {
  /** Documents with due jobs: each kind's oldest first, kinds taking turns, so no kind starves another. */
  due: TDueDocument[];
  /** How long until the next held-back document falls due (its retry time or its interval); null when none waits. */
  nextDueInMs: number | null;
};

/** One look at the pending jobs (of documents no worker holds the lease of): what is due now, and when the next held-back document will be. A document published
 * less than `minIntervalMs` ago waits: a burst of saves becomes one publish of its newest state per interval (the
 * first save after a quiet spell still goes out at once). */
export async function findDueDocuments(database: Db, limit: number, minIntervalMs = 0): Promise<TDueDocuments> {
  const rows = await database.$queryRaw<{ document_type: string; document_id: string; wait_ms: number }[]>`
    SELECT document_type, document_id, wait_ms FROM (
      SELECT *, row_number() OVER (PARTITION BY document_type, wait_ms > 0 ORDER BY first_job) AS turn FROM (
        SELECT j.document_type, j.document_id, min(j.id) AS first_job,
          ceil(extract(epoch FROM greatest(min(j.run_after), max(d.published_at) + make_interval(secs => ${minIntervalMs / 1000}::float8)) - now()) * 1000)::int AS wait_ms
        FROM publish_jobs j LEFT JOIN published_documents d ON d.kind = j.document_type AND d.document_id = j.document_id
        WHERE j.status = 'pending'
          -- A document another worker is publishing right now is not due for anyone else (its lease is live).
          AND (d.lease_until IS NULL OR d.lease_until < now())
        GROUP BY j.document_type, j.document_id
      ) pending
    ) ranked
    ORDER BY greatest(wait_ms, 0), turn, first_job
    LIMIT ${limit}`;
  const waiting = rows.filter((row) => row.wait_ms > 0).map((row) => row.wait_ms);
  return {
    due: rows.filter((row) => row.wait_ms <= 0).map((row) => ({ documentType: row.document_type, documentId: row.document_id })),
    nextDueInMs: waiting.length ? Math.min(...waiting) : null,
  };
}

export type TPendingJobs = {
  /** Jobs up to this id are what this publish covers; later ones stay for the next. */
  upToJobId: bigint | null;
  republish: boolean;
  /** The newest rollback asked for, if any. */
  rollback: { jobId: bigint; targetVersion: number } | null;
  /** When the oldest covered save was made (for save-to-visible latency). */
  oldestAt: Date | null;
};

export async function readPendingJobs(database: Db, document: TDocumentKey): Promise<TPendingJobs> {
  const [row] = await database.$queryRaw<{ upToJobId: bigint | null; republish: boolean | null; rollbackJobId: bigint | null; targetVersion: number | null; oldestAt: Date | null }[]>`
    SELECT max(id) AS "upToJobId", bool_or(action = 'republish') AS republish, min(created_at) AS "oldestAt",
      (array_agg(id ORDER BY id DESC) FILTER (WHERE action = 'rollback'))[1] AS "rollbackJobId",
      (array_agg(target_version ORDER BY id DESC) FILTER (WHERE action = 'rollback'))[1] AS "targetVersion"
    FROM publish_jobs WHERE document_type = ${document.kind} AND document_id = ${document.documentId} AND status = 'pending'`;
  return {
    upToJobId: row?.upToJobId ?? null,
    republish: Boolean(row?.republish),
    rollback: row?.rollbackJobId != null && row.targetVersion != null ? { jobId: row.rollbackJobId, targetVersion: row.targetVersion } : null,
    oldestAt: row?.oldestAt ?? null,
  };
}

/** Finishes the document's pending jobs with ids up to `upToJobId` and content versions up to `upToVersion` (null: any). */
export function finishJobsSql(document: TDocumentKey, options: { upToJobId: bigint | null; upToVersion: number | null; finishedAt: Date; guard?: Prisma.Sql }): Prisma.Sql {
  return Prisma.sql`
    UPDATE publish_jobs SET status = 'done'::"PublishJobStatus", finished_at = ${options.finishedAt}
    WHERE ${options.guard ?? Prisma.sql`TRUE`} AND document_type = ${document.kind} AND document_id = ${document.documentId} AND status = 'pending'::"PublishJobStatus"
      AND id <= ${options.upToJobId ?? 0n} AND (${options.upToVersion}::int IS NULL OR version <= ${options.upToVersion}::int)`;
}

/** Retry later with exponential backoff and jitter, capped at 30 s. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 250 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function recordPublishFailure(database: Db, document: TDueDocument, error: unknown): Promise<number> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const [row] = await database.$queryRaw<{ attempts: number }[]>`
    SELECT coalesce(max(attempts), 0)::int + 1 AS attempts FROM publish_jobs
    WHERE document_type = ${document.documentType} AND document_id = ${document.documentId} AND status = 'pending'`;
  const attempts = row?.attempts ?? 1;
  await database.$executeRaw`
    UPDATE publish_jobs SET attempts = ${attempts}, last_error = ${message}, run_after = now() + make_interval(secs => ${retryDelayMs(attempts) / 1000}::float8)
    WHERE document_type = ${document.documentType} AND document_id = ${document.documentId} AND status = 'pending'`;
  return attempts;
}
