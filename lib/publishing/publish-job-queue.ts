// Finds documents with due publish jobs and records failures with backoff; jobs are never dropped.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";

export type TDueDocument = { documentType: string; documentId: string };

// A document published less than `minIntervalMs` ago waits: a burst of saves becomes one publish of its newest
// state per interval (the first save after a quiet spell still goes out at once).
const THROTTLE_JOIN = Prisma.sql`LEFT JOIN live_blogs b ON j.document_type = 'liveblog' AND b.id::text = j.document_id`;

/** Documents with due jobs, oldest first; the caller takes each document's lock before publishing it. */
export async function findDueDocuments(database: Db, limit: number, minIntervalMs = 0): Promise<TDueDocument[]> {
  const rows = await database.$queryRaw<{ document_type: string; document_id: string }[]>`
    SELECT j.document_type, j.document_id
    FROM publish_jobs j ${THROTTLE_JOIN}
    WHERE j.status = 'pending' AND j.run_after <= now()
      AND (b.published_at IS NULL OR b.published_at <= now() - make_interval(secs => ${minIntervalMs / 1000}::float8))
    GROUP BY j.document_type, j.document_id
    ORDER BY min(j.id)
    LIMIT ${limit}`;
  return rows.map((row) => ({ documentType: row.document_type, documentId: row.document_id }));
}

/** How long until the next pending job falls due (its retry time, or its document's interval); null when none is pending. */
export async function msUntilNextDue(database: Db, minIntervalMs: number): Promise<number | null> {
  const [row] = await database.$queryRaw<{ ms: number | null }[]>`
    SELECT ceil(extract(epoch FROM min(greatest(j.run_after, coalesce(b.published_at + make_interval(secs => ${minIntervalMs / 1000}::float8), j.run_after))) - now()) * 1000)::int AS ms
    FROM publish_jobs j ${THROTTLE_JOIN}
    WHERE j.status = 'pending'`;
  return row?.ms === null || row?.ms === undefined ? null : Math.max(0, row.ms);
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
