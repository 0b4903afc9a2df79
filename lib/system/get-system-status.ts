// Everything the admin's System page shows: the write queue, the workers, publishing latency and dead letters.
// The queue lives outside Postgres, so its figures are still reported while the database is unreachable.
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { listLiveWorkers, readWorkerControls } from "../commands/worker-controls";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";

async function readDatabaseFigures(database: Db) {
  const [workers, controls, latency, pendingPublishes] = await Promise.all([
    listLiveWorkers(database),
    readWorkerControls(database),
    database.$queryRaw<{ p50: number | null; p95: number | null; count: bigint }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
             count(*) AS count
      FROM publish_log WHERE created_at > now() - interval '1 hour' AND kind = 'publish'`,
    database.publishJob.count({ where: { status: "pending" } }),
  ]);
  const row = latency[0];
  return {
    workers,
    controls,
    publishing: { p50Ms: row?.p50 ?? null, p95Ms: row?.p95 ?? null, publishesLastHour: Number(row?.count ?? 0), pendingJobs: pendingPublishes },
  };
}

export async function getSystemStatus(database: Db = db(), queue: Queue = getQueue()) {
  const [queueStats, deadLetters, figures] = await Promise.all([
    queue.stats(),
    queue.listDeadLetters(50),
    readDatabaseFigures(database).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) return null;
      throw error;
    }),
  ]);
  const queueStatus = { driver: queue.driver, ...queueStats };
  if (!figures) return { databaseReachable: false as const, queue: queueStatus };
  return { databaseReachable: true as const, queue: queueStatus, deadLetters, ...figures };
}
