// Puts scheduled page versions live when their time comes: one due schedule per transaction, then a short sleep.
import type { Db } from "../db";
import { createOutageLogger } from "../db/outage-logger";
import { logger } from "../logger";
import { applyDuePageScheduleInTx } from "./schedule-page";
import { sleepUntilAborted } from "../process/sleep-until-aborted";

const IDLE_MS = 1_000;
const ERROR_BACKOFF_MS = 5_000;

/** One step (for tests with an injected clock): the schedule it handled, or null when none was due. */
export function runPageSchedulerStep(database: Db, now: Date) {
  return database.$transaction((tx) => applyDuePageScheduleInTx(tx, now));
}

export async function runPageScheduler(options: { database: Db; signal: AbortSignal; now?: () => Date }): Promise<void> {
  const now = options.now ?? (() => new Date());
  const sleep = (ms: number) => sleepUntilAborted(ms, options.signal);
  const outage = createOutageLogger("page scheduler");
  while (!options.signal.aborted) {
    try {
      const handled = await runPageSchedulerStep(options.database, now());
      outage.succeeded();
      if (handled) {
        logger.info(handled, handled.outcome === "applied" ? "scheduled page version went live" : "scheduled page version dropped: its creator can no longer edit pages");
        continue;
      }
      await sleep(IDLE_MS);
    } catch (error) {
      if (!outage.failed(error)) logger.warn({ err: error }, "page scheduler step failed; retrying");
      await sleep(ERROR_BACKOFF_MS);
    }
  }
}
