// Everything the admin's System page shows: the write queue, the workers and their controls, publishing latency and
// dead letters. The queue and the controls live outside Postgres, so they are still reported while it is down.
import { db as defaultDb, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { getQueue } from "../queue/get-queue";
import { getWorkerControlStore } from "../queue/get-worker-control-store";
import type { Queue } from "../queue/types";
import { WORKER_SEEN_WITHIN_MS, type WorkerControlStore } from "../queue/worker-control-store";

async function readPublishingFigures(database: Db) {
  const [latency, pendingJobs] = await Promise.all([
    database.$queryRaw<{ p50: number | null; p95: number | null; count: bigint }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
             count(*) AS count
      FROM publish_log WHERE created_at > now() - interval '1 hour' AND kind = 'publish'`,
    database.publishJob.count({ where: { status: "pending" } }),
  ]);
  const row = latency[0];
  return { p50Ms: row?.p50 ?? null, p95Ms: row?.p95 ?? null, publishesLastHour: Number(row?.count ?? 0), pendingJobs };
}

export async function getSystemStatus(dependencies: { database?: () => Db; queue?: Queue; store?: WorkerControlStore } = {}) {
  const queue = dependencies.queue ?? getQueue();
  const store = dependencies.store ?? getWorkerControlStore();
  const [queueStats, deadLetters, controlState, workers, publishing] = await Promise.all([
    queue.stats(),
    queue.listDeadLetters(50),
    store.read(),
    store.listWorkers(WORKER_SEEN_WITHIN_MS),
    readPublishingFigures((dependencies.database ?? defaultDb)()).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) return null;
      throw error;
    }),
  ]);
  return {
    databaseReachable: publishing !== null,
    queue: { driver: queue.driver, ...queueStats },
    deadLetters,
    controls: controlState.controls,
    /** Control changes not yet in the audit log (made while the database was down). */
    unauditedChanges: controlState.unaudited.length,
    controlStore: store.description,
    workers,
    publishing,
  };
}
