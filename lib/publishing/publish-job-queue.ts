// Finds documents with due publish jobs and records failures with backoff; jobs are never dropped.
import type { Db } from "../db";

export type TDueDocument = { documentType: string; documentId: string };

/** Documents with due jobs, oldest first; the caller takes each document's lock before publishing it. */
export async function findDueDocuments(database: Db, limit: number): Promise<TDueDocument[]> {
  const rows = await database.$queryRaw<{ document_type: string; document_id: string }[]>`
    SELECT document_type, document_id
    FROM publish_jobs
    WHERE status = 'pending' AND run_after <= now()
    GROUP BY document_type, document_id
    ORDER BY min(id)
    LIMIT ${limit}`;
  return rows.map((row) => ({ documentType: row.document_type, documentId: row.document_id }));
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
