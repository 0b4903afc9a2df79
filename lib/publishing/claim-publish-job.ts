// Claims the oldest due publish job; SKIP LOCKED lets many workers claim side by side without blocking.
import type { Db } from "../db";

export const STALE_CLAIM_SECONDS = 60;

export type TClaimedJob = { id: bigint; documentType: string; documentId: string; version: number; attempts: number };

export async function claimPublishJob(database: Db): Promise<TClaimedJob | null> {
  // A job left `running` by a crashed worker is claimable again once its claim is stale.
  const rows = await database.$queryRaw<{ id: bigint; document_type: string; document_id: string; version: number; attempts: number }[]>`
    UPDATE publish_jobs SET status = 'running', locked_at = now(), attempts = attempts + 1
    WHERE id = (
      SELECT id FROM publish_jobs
      WHERE (status = 'pending' AND run_after <= now())
         OR (status = 'running' AND locked_at < now() - make_interval(secs => ${STALE_CLAIM_SECONDS}))
      ORDER BY id
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING id, document_type, document_id, version, attempts`;
  const row = rows[0];
  return row ? { id: row.id, documentType: row.document_type, documentId: row.document_id, version: row.version, attempts: row.attempts } : null;
}

/** Retry later with exponential backoff and full jitter, capped at 30 s; the job is never dropped. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 250 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function failPublishJob(database: Db, job: TClaimedJob, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await database.publishJob.update({
    where: { id: job.id },
    data: { status: "pending", lockedAt: null, lastError: message.slice(0, 2000), runAfter: new Date(Date.now() + retryDelayMs(job.attempts)) },
  });
}
