// The operators' controls for the apply workers (pause, resume, catch-up cap) and the workers' heartbeats. They live
// beside the write queue, never in Postgres: an operator pauses the workers exactly when the database is in trouble.
import { z } from "zod";

export type TWorkerControls = {
  paused: boolean;
  /** Commands applied per second per worker process; 0 means no cap. */
  maxApplyPerSecond: number;
};

export const DEFAULT_WORKER_CONTROLS: TWorkerControls = { paused: false, maxApplyPerSecond: 0 };

export type TWorkerState = "running" | "paused" | "backing-off" | "stopped";

export const ZWorkerHeartbeatSchema = z.object({
  id: z.string().min(1).max(200),
  state: z.enum(["running", "paused", "backing-off", "stopped"]),
  appliedTotal: z.number().int().min(0),
  lastError: z.string().nullable(),
  startedAtMs: z.number(),
  lastSeenAtMs: z.number(),
});
export type TWorkerHeartbeat = z.infer<typeof ZWorkerHeartbeatSchema>;

export const ZWorkerControlChangeSchema = z.object({
  id: z.uuid(),
  changedAtMs: z.number(),
  /** The admin who made it; null from the CLI (a shell on the machine, named in `by`). */
  actorId: z.uuid().nullable(),
  via: z.enum(["admin", "cli"]),
  /** Who, in words: the admin's email, or `user@host` for the CLI. */
  by: z.string().max(300),
  changes: z.object({ paused: z.boolean().optional(), maxApplyPerSecond: z.number().int().min(0).optional() }),
  /** The controls once this change was made. */
  controls: z.object({ paused: z.boolean(), maxApplyPerSecond: z.number().int().min(0) }),
});
/** A change waiting to be written to audit_log (by a worker, once Postgres is reachable). */
export type TWorkerControlChange = z.infer<typeof ZWorkerControlChangeSchema>;

export type TWorkerControlState = { controls: TWorkerControls; unaudited: TWorkerControlChange[] };

export type TControlChangeOrigin = Pick<TWorkerControlChange, "actorId" | "via" | "by">;

export interface WorkerControlStore {
  /** Where the controls are kept, for operators (a file path or an s3:// URL). */
  readonly description: string;
  /** The controls and the changes not yet audited (oldest first, at most UNAUDITED_READ_LIMIT). Cheap enough to call several times a
   * second; a remote store may answer from a cache at most `cacheMs` old. */
  read(): Promise<TWorkerControlState>;
  /** Applies the changes and keeps a record of them for the audit log, in one atomic step. */
  change(changes: Partial<TWorkerControls>, origin: TControlChangeOrigin): Promise<TWorkerControlChange>;
  /** Forgets changes once they are in audit_log. */
  markAudited(changeIds: string[]): Promise<void>;
  reportHeartbeat(heartbeat: TWorkerHeartbeat): Promise<void>;
  /** Workers seen within `seenWithinMs`, newest start first. */
  listWorkers(seenWithinMs: number): Promise<TWorkerHeartbeat[]>;
  close(): Promise<void>;
}

/** The controls after a change; a cap of 0 lifts the cap. */
export function applyControlChanges(current: TWorkerControls, changes: Partial<TWorkerControls>): TWorkerControls {
  return { paused: changes.paused ?? current.paused, maxApplyPerSecond: changes.maxApplyPerSecond ?? current.maxApplyPerSecond };
}

/** A worker that has not reported for this long is not listed. */
export const WORKER_SEEN_WITHIN_MS = 60_000;

/** How many unaudited changes one read returns; the rest follow once these are audited. */
export const UNAUDITED_READ_LIMIT = 100;
