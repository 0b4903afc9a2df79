// Operator controls for the apply workers (pause, resume, catch-up cap) and their heartbeats, kept in Postgres.
import os from "node:os";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";

export type TWorkerControls = { paused: boolean; maxApplyPerSecond: number };
export type TWorkerState = "running" | "paused" | "backing-off" | "stopped";

export async function readWorkerControls(database: Db): Promise<TWorkerControls> {
  const row = await database.workerControl.findUnique({ where: { id: 1 } });
  return { paused: row?.paused ?? false, maxApplyPerSecond: row?.maxApplyPerSecond ?? 0 };
}

/** Also runs on a transaction, so a caller can write the audit row with the change. */
export async function updateWorkerControls(database: Db | Prisma.TransactionClient, changes: Partial<TWorkerControls>): Promise<TWorkerControls> {
  const row = await database.workerControl.upsert({ where: { id: 1 }, create: { id: 1, ...changes }, update: changes });
  return { paused: row.paused, maxApplyPerSecond: row.maxApplyPerSecond };
}

export const workerId = `${os.hostname()}:${process.pid}`;
export const workerStartedAt = new Date();

export async function reportHeartbeat(database: Db, beat: { state: TWorkerState; appliedTotal: number; lastError?: string | null }) {
  const now = new Date();
  await database.workerHeartbeat.upsert({
    where: { id: workerId },
    create: { id: workerId, state: beat.state, appliedTotal: beat.appliedTotal, lastError: beat.lastError ?? null, startedAt: workerStartedAt, lastSeenAt: now },
    update: { state: beat.state, appliedTotal: beat.appliedTotal, lastError: beat.lastError ?? null, lastSeenAt: now },
  });
}

/** Workers seen in the last minute, newest first. */
export function listLiveWorkers(database: Db) {
  return database.workerHeartbeat.findMany({ where: { lastSeenAt: { gt: new Date(Date.now() - 60_000) } }, orderBy: { startedAt: "desc" } });
}
