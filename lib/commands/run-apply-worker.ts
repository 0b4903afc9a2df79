// The apply loop: take commands off the write queue and apply them to Postgres, in order per live blog.
// Pause, resume and the catch-up cap come from the control store (outside Postgres), read every 250 ms, so a resume
// takes effect within a quarter of a second. When Postgres is unreachable the worker stops applying and sends it one
// `SELECT 1` per step (250 ms, doubling to 1 s): it applies again about a second after the database is back, and a
// database still down sees one connection attempt per second per worker. A paused worker does not probe at all.
import { setMaxListeners } from "node:events";
import os from "node:os";
import type { Db } from "../db";
import { describeDatabaseOutage } from "../db/describe-database-error";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { createOutageLogger } from "../db/outage-logger";
import { logger } from "../logger";
import { Waker } from "../publishing/publish-wakeup";
import { getWorkerControlStore } from "../queue/get-worker-control-store";
import { LocalQueue } from "../queue/local-queue";
import { LocalWorkerControlStore } from "../queue/local-worker-control-store";
import type { Queue, TReceivedMessage } from "../queue/types";
import type { TWorkerControlChange, TWorkerControls, TWorkerHeartbeat, TWorkerState, WorkerControlStore } from "../queue/worker-control-store";
import { recordWorkerControlAudits } from "../system/record-worker-control-audits";
import { applyCommand, parseCommand, PoisonCommandError, type TApplyOutcome } from "./apply-command";
import { recordDeadLetteredCommand } from "./command-failures";

const FIRST_PROBE_DELAY_MS = 250;
const DEFAULT_MAX_PROBE_INTERVAL_MS = 1_000;
const DEFAULT_CONTROL_POLL_MS = 250;
const HEARTBEAT_MS = 5_000;
const MAX_COMMAND_RETRY_DELAY_MS = 30_000;
// A failure to audit that is not an outage (a bug, a constraint) is retried now and then, not on every loop.
const AUDIT_RETRY_MS = 30_000;
const MAX_ERROR_TEXT = 300;

let workersStarted = 0;

function nextWorkerId(): string {
  workersStarted++;
  return `${os.hostname()}:${process.pid}${workersStarted > 1 ? `:${workersStarted}` : ""}`;
}

export type TApplyWorkerOptions = {
  database: Db;
  queue: Queue;
  signal: AbortSignal;
  /** Where pause, resume and the cap are read and heartbeats written. Default: beside the queue, i.e. a local
   * queue's own file, or (SQS) the store chosen by configuration. */
  controls?: WorkerControlStore;
  batchSize?: number;
  /** How long received commands stay hidden; a crashed worker's commands come back after this. */
  visibilityMs?: number;
  /** A cap from configuration; the operators' cap in the control store, when set, wins. 0 = none. */
  maxApplyPerSecond?: number;
  /** Longest wait between two probes of an unreachable database (default 1 s). */
  maxProbeIntervalMs?: number;
  /** How often the controls are read (default 250 ms). */
  controlPollMs?: number;
  workerId?: string;
  onApplied?: (message: TReceivedMessage, outcome: TApplyOutcome) => void;
};

function errorText(error: unknown): string {
  const outage = describeDatabaseOutage(error);
  if (outage) return `Postgres unreachable (${outage.reason})`;
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_TEXT);
}

export async function runApplyWorker(options: TApplyWorkerOptions): Promise<void> {
  const { database, queue, signal } = options;
  // Each message of a capped batch may wait on the signal at once.
  setMaxListeners(0, signal);
  const ownStore = !options.controls && queue instanceof LocalQueue ? new LocalWorkerControlStore({ file: queue.file }) : undefined;
  const store = options.controls ?? ownStore ?? getWorkerControlStore();
  const maxProbeIntervalMs = options.maxProbeIntervalMs ?? DEFAULT_MAX_PROBE_INTERVAL_MS;
  const controlPollMs = options.controlPollMs ?? DEFAULT_CONTROL_POLL_MS;
  const outage = createOutageLogger("apply worker");
  const waker = new Waker();
  const sleep = (ms: number) => waker.sleep(ms, signal);

  const heartbeat: TWorkerHeartbeat = { id: options.workerId ?? nextWorkerId(), state: "running", appliedTotal: 0, lastError: null, startedAtMs: Date.now(), lastSeenAtMs: 0 };
  let heartbeatDue = true;
  let storeFailing = false;
  // Null until the store has answered once: a worker never applies blind to a pause it could not read.
  let controls = null as TWorkerControls | null;
  let controlsReadAtMs = 0;
  let unaudited: TWorkerControlChange[] = [];
  let auditBlockedUntilMs = 0;
  let databaseDown = false as boolean;
  let probeDelayMs = 0;
  let nextProbeAtMs = 0;
  let nextSlotAt = 0;

  const setState = (next: TWorkerState) => {
    if (next === heartbeat.state) return;
    logger.info({ from: heartbeat.state, to: next, worker: heartbeat.id }, "apply worker state");
    heartbeat.state = next;
    heartbeatDue = true;
  };

  const reportHeartbeat = async () => {
    if (!heartbeatDue && Date.now() - heartbeat.lastSeenAtMs < HEARTBEAT_MS) return;
    heartbeatDue = false;
    heartbeat.lastSeenAtMs = Date.now();
    await store.reportHeartbeat({ ...heartbeat }).catch(() => undefined); // a read failure of the same store is logged below
  };

  const refreshControls = async () => {
    try {
      const state = await store.read();
      controls = state.controls;
      unaudited = state.unaudited;
      controlsReadAtMs = Date.now();
      if (storeFailing) logger.info({ store: store.description }, "worker controls readable again");
      storeFailing = false;
    } catch (error) {
      if (!storeFailing) {
        const meanwhile = controls === null ? "not applying until they can be read" : "keeping the last ones read";
        logger.warn({ store: store.description, reason: errorText(error) }, `cannot read the worker controls; ${meanwhile}`);
      }
      storeFailing = true;
    }
  };

  const databaseUnreachable = (error: unknown) => {
    outage.failed(error);
    heartbeat.lastError = errorText(error);
    databaseDown = true;
    probeDelayMs = FIRST_PROBE_DELAY_MS;
    nextProbeAtMs = Date.now() + probeDelayMs;
  };

  while (!signal.aborted) {
    await refreshControls();
    if (controls === null) {
      await sleep(controlPollMs);
      continue;
    }
    if (controls.paused) {
      setState("paused");
      await reportHeartbeat();
      await sleep(controlPollMs);
      continue;
    }

    if (databaseDown) {
      setState("backing-off");
      await reportHeartbeat();
      const waitMs = nextProbeAtMs - Date.now();
      if (waitMs > 0) {
        // Short naps between probes, so a pause meanwhile stops the probing too.
        await sleep(Math.min(waitMs, controlPollMs));
        continue;
      }
      try {
        await database.$queryRaw`SELECT 1`;
        databaseDown = false;
        heartbeat.lastError = null;
        outage.succeeded();
      } catch (error) {
        // Another failure than an outage (a changed password, say) is logged once per distinct error.
        if (!outage.failed(error) && heartbeat.lastError !== errorText(error)) logger.warn({ reason: errorText(error) }, "database probe failed");
        heartbeat.lastError = errorText(error);
        probeDelayMs = Math.min(maxProbeIntervalMs, probeDelayMs * 2);
        nextProbeAtMs = Date.now() + probeDelayMs;
        continue;
      }
    }

    // Changes made while Postgres was down (or by the CLI) go to audit_log now that it answers.
    if (unaudited.length > 0 && Date.now() >= auditBlockedUntilMs) {
      try {
        await recordWorkerControlAudits({ database, store, changes: unaudited });
        unaudited = [];
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          databaseUnreachable(error);
          continue;
        }
        logger.error({ err: error }, "could not write worker-control changes to the audit log; retrying in 30 s");
        auditBlockedUntilMs = Date.now() + AUDIT_RETRY_MS;
      }
    }

    setState("running");
    await reportHeartbeat();

    const visibilityMs = options.visibilityMs ?? 10_000;
    const messages = await queue.receive({ max: options.batchSize ?? 20, visibilityMs, waitMs: 500 });
    let extendedAt = Date.now();
    let unreachableError: unknown = null;
    // Documents apply side by side; one document's messages in order (an SQS FIFO batch may hold several of a group).
    /** True once the message is applied (or rejected) and acknowledged; false when it was put back. */
    const applyOne = async (message: TReceivedMessage): Promise<boolean> => {
      const cap = controls?.maxApplyPerSecond || options.maxApplyPerSecond || 0;
      if (cap > 0 && !signal.aborted && unreachableError === null) {
        const slot = Math.max(Date.now(), nextSlotAt);
        nextSlotAt = slot + 1000 / cap;
        if (slot > Date.now()) await sleep(slot - Date.now());
        // A slow, capped batch keeps the rest of its messages hidden from other workers, and heeds a pause.
        if (Date.now() - extendedAt > visibilityMs / 3) {
          extendedAt = Date.now();
          await Promise.all(messages.map((rest) => queue.extend(rest, visibilityMs)));
        }
        if (Date.now() - controlsReadAtMs > controlPollMs) await refreshControls();
      }
      if (signal.aborted || unreachableError !== null || controls?.paused) {
        const reason = signal.aborted ? "worker stopping" : unreachableError !== null ? "database unreachable" : "workers paused";
        await queue.release(message, { delayMs: unreachableError !== null ? 1000 : 0, error: reason, blameless: true });
        return false;
      }
      try {
        const outcome = await applyCommand(database, parseCommand(message.body));
        await queue.ack(message);
        heartbeat.appliedTotal++;
        heartbeat.lastError = null;
        options.onApplied?.(message, outcome);
        if (outcome.status === "rejected") logger.info({ commandId: message.id, reason: outcome.reason }, "command rejected");
        return true;
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          // Not the command's fault: put it back without counting an attempt, and stop applying for a while.
          unreachableError ??= error;
          await queue.release(message, { delayMs: 1000, error: "database unreachable", blameless: true });
          return false;
        }
        const lastError = error instanceof Error ? error.message : String(error);
        heartbeat.lastError = lastError.slice(0, MAX_ERROR_TEXT);
        const poison = error instanceof PoisonCommandError;
        logger.error({ err: error, commandId: message.id, attempts: message.attempts, poison }, "command failed");
        await queue.release(message, { delayMs: poison ? 0 : Math.min(MAX_COMMAND_RETRY_DELAY_MS, 500 * 2 ** message.attempts), error: lastError.slice(0, 2000) });
        // Its last delivery: the author sees "failed" with the reason instead of "queued" forever.
        if (message.attempts >= queue.maxAttempts) {
          await recordDeadLetteredCommand(database, { commandId: message.id, body: message.body, error, attempts: message.attempts }).catch((recordError: unknown) =>
            logger.warn({ err: recordError, commandId: message.id }, "could not record a dead-lettered command for its author"),
          );
        }
        return false;
      }
    };
    const groups = new Map<string, TReceivedMessage[]>();
    for (const message of messages) groups.set(message.groupId, [...(groups.get(message.groupId) ?? []), message]);
    await Promise.all(
      [...groups.values()].map(async (group) => {
        let blocked = false;
        for (const message of group) {
          // Behind a command that was put back, its document's later commands go back too: never out of order.
          if (blocked) await queue.release(message, { delayMs: 0, error: "waiting for an earlier command of its document", blameless: true });
          else blocked = !(await applyOne(message));
        }
      }),
    );
    if (unreachableError !== null) databaseUnreachable(unreachableError);
    else if (messages.length > 0) outage.succeeded();
  }
  setState("stopped");
  heartbeatDue = true;
  await reportHeartbeat();
  await ownStore?.close();
}
