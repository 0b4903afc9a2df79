// Worker controls and heartbeats for the local queue driver: tables in the queue's own SQLite file, which the admin,
// the workers and the CLI already share on one machine, and which needs no Postgres.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type Database from "better-sqlite3";
import { openQueueDatabase } from "./local-queue";
import {
  applyControlChanges,
  DEFAULT_WORKER_CONTROLS,
  UNAUDITED_READ_LIMIT,
  ZWorkerControlChangeSchema,
  type TControlChangeOrigin,
  type TWorkerControlChange,
  type TWorkerControls,
  type TWorkerControlState,
  type TWorkerHeartbeat,
  type WorkerControlStore,
} from "./worker-control-store";

export type TLocalWorkerControlStoreOptions = {
  /** The local queue's SQLite file. */
  file: string;
  /** false: refuse to create the file (the CLI must not pause a queue nobody uses). Default true. */
  createIfMissing?: boolean;
  now?: () => number;
};

const schema = `
  CREATE TABLE IF NOT EXISTS worker_controls (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    paused INTEGER NOT NULL,
    max_apply_per_second INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS worker_control_changes (
    id TEXT PRIMARY KEY,
    changed_at_ms INTEGER NOT NULL,
    record TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS worker_heartbeats (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    applied_total INTEGER NOT NULL,
    last_error TEXT,
    started_at_ms INTEGER NOT NULL,
    last_seen_at_ms INTEGER NOT NULL
  );
`;

type TControlsRow = { paused: number; max_apply_per_second: number };
type THeartbeatRow = { id: string; state: TWorkerHeartbeat["state"]; applied_total: number; last_error: string | null; started_at_ms: number; last_seen_at_ms: number };

function prepareStatements(db: Database.Database) {
  return {
    selectControls: db.prepare<[], TControlsRow>("SELECT paused, max_apply_per_second FROM worker_controls WHERE id = 1"),
    upsertControls: db.prepare<{ paused: number; maxApplyPerSecond: number; nowMs: number }>(
      `INSERT INTO worker_controls (id, paused, max_apply_per_second, updated_at_ms) VALUES (1, @paused, @maxApplyPerSecond, @nowMs)
       ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, max_apply_per_second = excluded.max_apply_per_second, updated_at_ms = excluded.updated_at_ms`,
    ),
    insertChange: db.prepare<{ id: string; changedAtMs: number; record: string }>("INSERT INTO worker_control_changes (id, changed_at_ms, record) VALUES (@id, @changedAtMs, @record)"),
    // In the order they were made: writes are serialised, and a new row's rowid is above every row still there.
    selectChanges: db.prepare<{ limit: number }, { record: string }>("SELECT record FROM worker_control_changes ORDER BY rowid LIMIT @limit"),
    deleteChange: db.prepare<{ id: string }>("DELETE FROM worker_control_changes WHERE id = @id"),
    upsertHeartbeat: db.prepare<{ id: string; state: string; appliedTotal: number; lastError: string | null; startedAtMs: number; lastSeenAtMs: number }>(
      `INSERT INTO worker_heartbeats (id, state, applied_total, last_error, started_at_ms, last_seen_at_ms)
       VALUES (@id, @state, @appliedTotal, @lastError, @startedAtMs, @lastSeenAtMs)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, applied_total = excluded.applied_total, last_error = excluded.last_error,
         started_at_ms = excluded.started_at_ms, last_seen_at_ms = excluded.last_seen_at_ms`,
    ),
    selectHeartbeats: db.prepare<{ sinceMs: number }, THeartbeatRow>("SELECT * FROM worker_heartbeats WHERE last_seen_at_ms > @sinceMs ORDER BY started_at_ms DESC, id"),
    // Heartbeats of workers gone for a day are of no use to anyone.
    deleteOldHeartbeats: db.prepare<{ beforeMs: number }>("DELETE FROM worker_heartbeats WHERE last_seen_at_ms < @beforeMs"),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class LocalWorkerControlStore implements WorkerControlStore {
  readonly description: string;
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly now: () => number;

  constructor({ file, createIfMissing = true, now = Date.now }: TLocalWorkerControlStoreOptions) {
    if (!createIfMissing && !fs.existsSync(file)) {
      throw new Error(`No local write queue at ${file}: run this where Ballast runs (the same BALLAST_DATA_DIR), or start Ballast once first.`);
    }
    // Every commit synced: a pause the operator was told about must survive a power cut.
    this.db = openQueueDatabase(file, { syncEveryCommit: true });
    this.db.transaction(() => this.db.exec(schema)).immediate();
    this.statements = prepareStatements(this.db);
    this.now = now;
    this.description = `local queue store ${file}`;
  }

  async read(): Promise<TWorkerControlState> {
    return this.db.transaction(() => ({ controls: this.readControls(), unaudited: this.readUnaudited() }))();
  }

  async change(changes: Partial<TWorkerControls>, origin: TControlChangeOrigin): Promise<TWorkerControlChange> {
    return this.db
      .transaction(() => {
        const nowMs = this.now();
        const controls = applyControlChanges(this.readControls(), changes);
        this.statements.upsertControls.run({ paused: controls.paused ? 1 : 0, maxApplyPerSecond: controls.maxApplyPerSecond, nowMs });
        const change = ZWorkerControlChangeSchema.parse({ id: randomUUID(), changedAtMs: nowMs, ...origin, changes, controls });
        this.statements.insertChange.run({ id: change.id, changedAtMs: nowMs, record: JSON.stringify(change) });
        return change;
      })
      .immediate();
  }

  async markAudited(changeIds: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const id of changeIds) this.statements.deleteChange.run({ id });
    })();
  }

  async reportHeartbeat(heartbeat: TWorkerHeartbeat): Promise<void> {
    this.statements.upsertHeartbeat.run(heartbeat);
  }

  async listWorkers(seenWithinMs: number): Promise<TWorkerHeartbeat[]> {
    const nowMs = this.now();
    this.statements.deleteOldHeartbeats.run({ beforeMs: nowMs - DAY_MS });
    return this.statements.selectHeartbeats.all({ sinceMs: nowMs - seenWithinMs }).map((row) => ({
      id: row.id,
      state: row.state,
      appliedTotal: row.applied_total,
      lastError: row.last_error,
      startedAtMs: row.started_at_ms,
      lastSeenAtMs: row.last_seen_at_ms,
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private readControls(): TWorkerControls {
    const row = this.statements.selectControls.get();
    return row ? { paused: row.paused === 1, maxApplyPerSecond: row.max_apply_per_second } : { ...DEFAULT_WORKER_CONTROLS };
  }

  private readUnaudited(): TWorkerControlChange[] {
    return this.statements.selectChanges.all({ limit: UNAUDITED_READ_LIMIT }).map((row) => ZWorkerControlChangeSchema.parse(JSON.parse(row.record)));
  }
}
