// The apply loop: take commands off the write queue and apply them to Postgres, in order per live blog.
// When Postgres is unreachable it stops and backs off (one probe at a time, up to 30 s apart) and resumes by itself.
import { setMaxListeners } from "node:events";
import type { Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { logger } from "../logger";
import type { Queue, TReceivedMessage } from "../queue/types";
import { applyCommand, parseCommand, PoisonCommandError, type TApplyOutcome } from "./apply-command";
import { Waker } from "../publishing/publish-wakeup";
import { readWorkerControls, reportHeartbeat, type TWorkerControls, type TWorkerState } from "./worker-controls";

const MAX_BACKOFF_MS = 30_000;
const CONTROLS_REFRESH_MS = 2_000;
const HEARTBEAT_MS = 5_000;

export type TApplyWorkerOptions = {
  database: Db;
  queue: Queue;
  signal: AbortSignal;
  batchSize?: number;
  /** How long received commands stay hidden; a crashed worker's commands come back after this. */
  visibilityMs?: number;
  /** A cap from configuration; the operators' cap in Postgres, when set, wins. 0 = none. */
  maxApplyPerSecond?: number;
  onApplied?: (message: TReceivedMessage, outcome: TApplyOutcome) => void;
};

export async function runApplyWorker(options: TApplyWorkerOptions): Promise<void> {
  const { database, queue, signal } = options;
  // Each message of a capped batch may wait on the signal at once.
  setMaxListeners(0, signal);
  const waker = new Waker();
  const sleep = (ms: number, abort: AbortSignal) => waker.sleep(ms, abort);
  let controls: TWorkerControls = { paused: false, maxApplyPerSecond: 0 };
  let controlsReadAt = 0;
  let heartbeatAt = 0;
  let backoffMs = 0;
  let appliedTotal = 0;
  let lastError: string | null = null;
  let state: TWorkerState = "running";
  let nextSlotAt = 0;

  const setState = (next: TWorkerState) => {
    if (next !== state) logger.info({ from: state, to: next }, "apply worker state");
    state = next;
  };

  while (!signal.aborted) {
    if (backoffMs > 0) {
      setState("backing-off");
      await sleep(backoffMs, signal);
      try {
        await database.$queryRaw`SELECT 1`;
        logger.info("database reachable again; resuming");
        backoffMs = 0;
      } catch {
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        continue;
      }
    }

    const now = Date.now();
    try {
      if (now - controlsReadAt > CONTROLS_REFRESH_MS) {
        controls = await readWorkerControls(database);
        controlsReadAt = now;
      }
      if (now - heartbeatAt > HEARTBEAT_MS) {
        await reportHeartbeat(database, { state: controls.paused ? "paused" : state, appliedTotal, lastError });
        heartbeatAt = now;
      }
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        logger.warn({ err: error }, "database unreachable; apply worker backing off");
        backoffMs = 500;
        continue;
      }
      throw error;
    }

    if (controls.paused) {
      setState("paused");
      await sleep(500, signal);
      continue;
    }
    setState("running");

    const visibilityMs = options.visibilityMs ?? 10_000;
    const messages = await queue.receive({ max: options.batchSize ?? 20, visibilityMs, waitMs: 500 });
    let extendedAt = Date.now();
    let databaseDown = false;
    // A batch holds at most one message per live blog (FIFO groups), so its messages can be applied side by side.
    const applyOne = async (message: TReceivedMessage) => {
      if (signal.aborted || databaseDown) {
        await queue.release(message, { delayMs: databaseDown ? 1000 : 0, error: databaseDown ? "database unreachable" : "worker stopping", blameless: true });
        return;
      }
      const cap = controls.maxApplyPerSecond || options.maxApplyPerSecond || 0;
      if (cap > 0) {
        const slot = Math.max(Date.now(), nextSlotAt);
        nextSlotAt = slot + 1000 / cap;
        if (slot > Date.now()) await sleep(slot - Date.now(), signal);
        // A slow, capped batch keeps the rest of its messages hidden from other workers.
        if (Date.now() - extendedAt > visibilityMs / 3) {
          extendedAt = Date.now();
          await Promise.all(messages.map((rest) => queue.extend(rest, visibilityMs)));
        }
      }
      try {
        const outcome = await applyCommand(database, parseCommand(message.body));
        await queue.ack(message);
        appliedTotal++;
        lastError = null;
        options.onApplied?.(message, outcome);
        if (outcome.status === "rejected") logger.info({ commandId: message.id, reason: outcome.reason }, "command rejected");
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (isDatabaseUnavailable(error)) {
          // Not the command's fault: put it back without counting an attempt, and stop applying for a while.
          databaseDown = true;
          await queue.release(message, { delayMs: 1000, error: "database unreachable", blameless: true });
          return;
        }
        const poison = error instanceof PoisonCommandError;
        logger.error({ err: error, commandId: message.id, attempts: message.attempts, poison }, "command failed");
        await queue.release(message, { delayMs: poison ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** message.attempts), error: lastError.slice(0, 2000) });
      }
    };
    await Promise.all(messages.map(applyOne));
    if (databaseDown) {
      logger.warn({ lastError }, "database unreachable; apply worker backing off");
      backoffMs = 500;
    }
  }
  setState("stopped");
  await reportHeartbeat(database, { state: "stopped", appliedTotal, lastError }).catch(() => undefined);
}
