// Finds documents with due publish jobs and records failures with backoff; jobs are never dropped.
import type { Db } from "../db";

export type TDueDocument = { documentType: string; documentId: string };

export type TDueDocuments = {
  /** Documents with due jobs, oldest job first; the caller takes each document's lock before publishing it. */
  due: TDueDocument[];
  /** How long until the next held-back document falls due (its retry time or its interval); null when none waits. */
  nextDueInMs: number | null;
};

/** One look at the pending jobs: what is due now, and when the next held-back document will be. A document published
 * less than `minIntervalMs` ago waits: a burst of saves becomes one publish of its newest state per interval (the
 * first save after a quiet spell still goes out at once). */
export async function findDueDocuments(database: Db, limit: number, minIntervalMs = 0): Promise<TDueDocuments> {
  const rows = await database.$queryRaw<{ document_type: string; document_id: string; wait_ms: number }[]>`
    SELECT document_type, document_id, wait_ms FROM (
      SELECT j.document_type, j.document_id, min(j.id) AS first_job,
        ceil(extract(epoch FROM greatest(min(j.run_after), max(b.published_at) + make_interval(secs => ${minIntervalMs / 1000}::float8)) - now()) * 1000)::int AS wait_ms
      FROM publish_jobs j LEFT JOIN live_blogs b ON j.document_type = 'liveblog' AND b.id::text = j.document_id
      WHERE j.status = 'pending'
      GROUP BY j.document_type, j.document_id
    ) pending
    ORDER BY greatest(wait_ms, 0), first_job
    LIMIT ${limit}`;
  const waiting = rows.filter((row) => row.wait_ms > 0).map((row) => row.wait_ms);
  return {
    due: rows.filter((row) => row.wait_ms <= 0).map((row) => ({ documentType: row.document_type, documentId: row.document_id })),
    nextDueInMs: waiting.length ? Math.min(...waiting) : null,
  };
}

/** Retry later with exponential backoff and jitter, capped at 30 s. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 250 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function recordPublishFailure(database: Db, document: TDueDocument, error: unknown): Promise<number> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const where = { documentType: document.documentType, documentId: document.documentId, status: "pending" } as const;
  const previous = await database.publishJob.aggregate({ where, _max: { attempts: true } });
  const attempts = (previous._max.attempts ?? 0) + 1;
  await database.publishJob.updateMany({ where, data: { attempts, lastError: message, runAfter: new Date(Date.now() + retryDelayMs(attempts)) } });
  return attempts;
}
