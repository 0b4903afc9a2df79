// The default write queue: durable on local disk in SQLite, shared safely by the admin and worker processes.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Queue, TDeadLetter, TOutgoingMessage, TQueueStats, TReceivedMessage } from "./types";

export type TLocalQueueOptions = {
  file: string;
  /** Deliveries before a released message moves to the dead letters. */
  maxAttempts?: number;
  now?: () => number;
};

type TMessageRow = {
  seq: number;
  id: string;
  group_id: string;
  body: string;
  attempts: number;
  enqueued_at_ms: number;
  last_error: string | null;
};

type TDeadLetterRow = {
  id: string;
  group_id: string;
  body: string;
  attempts: number;
  last_error: string;
  enqueued_at_ms: number;
  dead_at_ms: number;
};

type TStatsRow = { depth: number; inFlight: number; oldestEnqueuedAtMs: number | null; deadLetters: number };

const busyTimeoutMs = 5_000;
const longPollIntervalMs = 25;

const schema = `
  CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    group_id TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    visible_at_ms INTEGER NOT NULL,
    enqueued_at_ms INTEGER NOT NULL,
    receipt TEXT,
    last_error TEXT
  );
  CREATE INDEX IF NOT EXISTS messages_group_seq ON messages (group_id, seq);
  CREATE INDEX IF NOT EXISTS messages_visible_at ON messages (visible_at_ms);
  CREATE INDEX IF NOT EXISTS messages_enqueued_at ON messages (enqueued_at_ms);
  CREATE TABLE IF NOT EXISTS dead_letters (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NOT NULL,
    enqueued_at_ms INTEGER NOT NULL,
    dead_at_ms INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS dead_letters_dead_at ON dead_letters (dead_at_ms);
`;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Opens (creating if needed) the queue's SQLite file; the worker controls' store keeps its tables in the same file. */
export function openQueueDatabase(file: string, { syncEveryCommit }: { syncEveryCommit: boolean }): Database.Database {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // WAL lets the worker read while the admin writes; FULL fsyncs every commit so a resolved send survives power loss.
  db.pragma("journal_mode = WAL");
  db.pragma(syncEveryCommit ? "synchronous = FULL" : "synchronous = NORMAL");
  // IMMEDIATE takes the write lock up front, so two processes creating the schema at once simply queue up.
  db.transaction(() => db.exec(schema)).immediate();
  return db;
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare<{ id: string; groupId: string; body: string; nowMs: number }>(
      // One statement, so the dead-letter check and the insert cannot be split by another process.
      `INSERT OR IGNORE INTO messages (id, group_id, body, attempts, visible_at_ms, enqueued_at_ms)
       SELECT @id, @groupId, @body, 0, @nowMs, @nowMs
       WHERE NOT EXISTS (SELECT 1 FROM dead_letters WHERE id = @id)`,
    ),
    selectGroupHeads: db.prepare<{ nowMs: number; max: number }, TMessageRow>(
      `SELECT m.seq, m.id, m.group_id, m.body, m.attempts, m.enqueued_at_ms, m.last_error
       FROM messages m
       WHERE m.visible_at_ms <= @nowMs
         AND m.seq = (SELECT MIN(head.seq) FROM messages head WHERE head.group_id = m.group_id)
       ORDER BY m.seq
       LIMIT @max`,
    ),
    markDelivered: db.prepare<{ seq: number; visibleAtMs: number; receipt: string }>(
      "UPDATE messages SET visible_at_ms = @visibleAtMs, attempts = attempts + 1, receipt = @receipt WHERE seq = @seq",
    ),
    deleteDelivery: db.prepare<{ id: string; receipt: string }>("DELETE FROM messages WHERE id = @id AND receipt = @receipt"),
    selectDelivery: db.prepare<{ id: string; receipt: string }, TMessageRow>(
      "SELECT seq, id, group_id, body, attempts, enqueued_at_ms, last_error FROM messages WHERE id = @id AND receipt = @receipt",
    ),
    hideDelivery: db.prepare<{ id: string; receipt: string; visibleAtMs: number }>(
      "UPDATE messages SET visible_at_ms = @visibleAtMs WHERE id = @id AND receipt = @receipt",
    ),
    hideDeliveryWithError: db.prepare<{ id: string; receipt: string; visibleAtMs: number; error: string }>(
      "UPDATE messages SET visible_at_ms = @visibleAtMs, last_error = @error WHERE id = @id AND receipt = @receipt",
    ),
    hideDeliveryBlameless: db.prepare<{ id: string; receipt: string; visibleAtMs: number }>(
      "UPDATE messages SET visible_at_ms = @visibleAtMs, attempts = MAX(0, attempts - 1) WHERE id = @id AND receipt = @receipt",
    ),
    insertDeadLetter: db.prepare<{ id: string; groupId: string; body: string; attempts: number; error: string; enqueuedAtMs: number; nowMs: number }>(
      `INSERT OR REPLACE INTO dead_letters (id, group_id, body, attempts, last_error, enqueued_at_ms, dead_at_ms)
       VALUES (@id, @groupId, @body, @attempts, @error, @enqueuedAtMs, @nowMs)`,
    ),
    deleteMessage: db.prepare<{ seq: number }>("DELETE FROM messages WHERE seq = @seq"),
    stats: db.prepare<{ nowMs: number }, TStatsRow>(
      `SELECT
         (SELECT COUNT(*) FROM messages) AS depth,
         (SELECT COUNT(*) FROM messages WHERE visible_at_ms > @nowMs AND attempts > 0) AS inFlight,
         (SELECT MIN(enqueued_at_ms) FROM messages) AS oldestEnqueuedAtMs,
         (SELECT COUNT(*) FROM dead_letters) AS deadLetters`,
    ),
    listDeadLetters: db.prepare<{ limit: number }, TDeadLetterRow>("SELECT * FROM dead_letters ORDER BY dead_at_ms, id LIMIT @limit"),
    selectDeadLetter: db.prepare<{ id: string }, TDeadLetterRow>("SELECT * FROM dead_letters WHERE id = @id"),
    deleteDeadLetter: db.prepare<{ id: string }>("DELETE FROM dead_letters WHERE id = @id"),
    requeueDeadLetter: db.prepare<{ id: string; groupId: string; body: string; enqueuedAtMs: number; lastError: string; nowMs: number }>(
      `INSERT INTO messages (id, group_id, body, attempts, visible_at_ms, enqueued_at_ms, last_error)
       VALUES (@id, @groupId, @body, 0, @nowMs, @enqueuedAtMs, @lastError)`,
    ),
  };
}

export class LocalQueue implements Queue {
  readonly driver = "local" as const;
  private readonly db: Database.Database;
  readonly maxAttempts: number;
  private readonly now: () => number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** The SQLite file: the queue's, and the workers' controls' (local-worker-control-store.ts). */
  readonly file: string;
  private deliveryConnection?: { db: Database.Database; statements: ReturnType<typeof prepareStatements> };

  constructor({ file, maxAttempts = 5, now = Date.now }: TLocalQueueOptions) {
    this.file = file;
    this.db = openQueueDatabase(file, { syncEveryCommit: true });
    this.maxAttempts = maxAttempts;
    this.now = now;
    this.statements = prepareStatements(this.db);
  }

  async send({ id, groupId, body }: TOutgoingMessage): Promise<void> {
    this.statements.insert.run({ id, groupId, body, nowMs: this.now() });
  }

  async receive({ max, visibilityMs, waitMs = 0 }: { max: number; visibilityMs: number; waitMs?: number }): Promise<TReceivedMessage[]> {
    // The long-poll deadline uses the real clock so an injected `now` cannot make it wait forever.
    const deadline = performance.now() + waitMs;
    for (;;) {
      const messages = this.claimGroupHeads({ max, visibilityMs });
      const remainingMs = deadline - performance.now();
      if (messages.length > 0 || remainingMs <= 0) return messages;
      await sleep(Math.min(longPollIntervalMs, remainingMs));
    }
  }

  async ack({ id, receipt }: TReceivedMessage): Promise<void> {
    this.deliveries().statements.deleteDelivery.run({ id, receipt });
  }

  async release({ id, receipt }: TReceivedMessage, { delayMs, error, blameless = false }: { delayMs: number; error: string; blameless?: boolean }): Promise<void> {
    const { db, statements } = this.deliveries();
    db.transaction(() => {
      const row = statements.selectDelivery.get({ id, receipt });
      if (!row) return;
      const nowMs = this.now();
      if (blameless) {
        // Not the message's fault (database down, worker stopping): the delivery does not count as an attempt.
        statements.hideDeliveryBlameless.run({ id, receipt, visibleAtMs: nowMs + delayMs });
      } else if (row.attempts >= this.maxAttempts) {
        statements.insertDeadLetter.run({ id, groupId: row.group_id, body: row.body, attempts: row.attempts, error, enqueuedAtMs: row.enqueued_at_ms, nowMs });
        statements.deleteMessage.run({ seq: row.seq });
      } else {
        statements.hideDeliveryWithError.run({ id, receipt, visibleAtMs: nowMs + delayMs, error });
      }
    }).immediate();
  }

  async extend({ id, receipt }: TReceivedMessage, visibilityMs: number): Promise<void> {
    this.deliveries().statements.hideDelivery.run({ id, receipt, visibleAtMs: this.now() + visibilityMs });
  }

  async stats(): Promise<TQueueStats> {
    const nowMs = this.now();
    const row = this.statements.stats.get({ nowMs });
    if (!row) throw new Error("SQLite returned no row for the queue stats");
    return {
      depth: row.depth,
      inFlight: row.inFlight,
      oldestAgeMs: row.oldestEnqueuedAtMs === null ? null : Math.max(0, nowMs - row.oldestEnqueuedAtMs),
      deadLetters: row.deadLetters,
    };
  }

  async listDeadLetters(limit: number): Promise<TDeadLetter[]> {
    return this.statements.listDeadLetters.all({ limit }).map((row) => ({
      id: row.id,
      groupId: row.group_id,
      body: row.body,
      attempts: row.attempts,
      lastError: row.last_error,
      enqueuedAtMs: row.enqueued_at_ms,
      deadAtMs: row.dead_at_ms,
    }));
  }

  async retryDeadLetter(id: string): Promise<void> {
    this.db
      .transaction(() => {
        const row = this.statements.selectDeadLetter.get({ id });
        if (!row) return;
        this.statements.deleteDeadLetter.run({ id });
        this.statements.requeueDeadLetter.run({ id, groupId: row.group_id, body: row.body, enqueuedAtMs: row.enqueued_at_ms, lastError: row.last_error, nowMs: this.now() });
      })
      .immediate();
  }

  async discardDeadLetter(id: string): Promise<void> {
    this.statements.deleteDeadLetter.run({ id });
  }

  async close(): Promise<void> {
    if (this.deliveryConnection?.db.open) this.deliveryConnection.db.close();
    if (this.db.open) this.db.close();
  }

  /** Claims, acks and releases use their own connection that skips the sync per commit: one lost in a power cut only
   * means a redelivery, which workers apply idempotently. Sends always sync. */
  private deliveries() {
    if (!this.deliveryConnection) {
      const db = openQueueDatabase(this.file, { syncEveryCommit: false });
      this.deliveryConnection = { db, statements: prepareStatements(db) };
    }
    return this.deliveryConnection;
  }

  private claimGroupHeads({ max, visibilityMs }: { max: number; visibilityMs: number }): TReceivedMessage[] {
    if (max < 1) return [];
    const deliveries = this.deliveries();
    return deliveries.db
      .transaction(() => {
        const nowMs = this.now();
        return deliveries.statements.selectGroupHeads.all({ nowMs, max }).map((row) => {
          const receipt = randomUUID();
          deliveries.statements.markDelivered.run({ seq: row.seq, visibleAtMs: nowMs + visibilityMs, receipt });
          return { id: row.id, groupId: row.group_id, body: row.body, attempts: row.attempts + 1, receipt, enqueuedAtMs: row.enqueued_at_ms };
        });
      })
      .immediate();
  }
}
