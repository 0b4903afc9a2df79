// Everything the admin's System page shows: the write queue, the workers, publishing latency and dead letters.
import type { Db } from "../db";
import { listLiveWorkers, readWorkerControls } from "../commands/worker-controls";
import type { Queue } from "../queue/types";

export async function getSystemStatus(database: Db, queue: Queue) {
  const [queueStats, deadLetters, workers, controls, latency, pendingPublishes] = await Promise.all([
    queue.stats(),
    queue.listDeadLetters(50),
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
    queue: { driver: queue.driver, ...queueStats },
    deadLetters,
    workers,
    controls,
    publishing: { p50Ms: row?.p50 ?? null, p95Ms: row?.p95 ?? null, publishesLastHour: Number(row?.count ?? 0), pendingJobs: pendingPublishes },
  };
}
