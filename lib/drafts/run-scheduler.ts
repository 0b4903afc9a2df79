// Publishes scheduled entries when their time comes: one due draft per transaction, then a short sleep.
import type { Db } from "../db";
import { createOutageLogger } from "../db/outage-logger";
import { logger } from "../logger";
import { publishDueDraftInTx } from "./change-draft";
import { sleepUntilAborted } from "../process/sleep-until-aborted";

const IDLE_MS = 1_000;
const ERROR_BACKOFF_MS = 5_000;

export async function runScheduler(options: { database: Db; signal: AbortSignal; now?: () => Date }): Promise<void> {
  const now = options.now ?? (() => new Date());
  const sleep = (ms: number) => sleepUntilAborted(ms, options.signal);
  const outage = createOutageLogger("scheduler");
  while (!options.signal.aborted) {
    try {
      const handled = await options.database.$transaction((tx) => publishDueDraftInTx(tx, now()));
      outage.succeeded();
      if (handled) {
        logger.info(handled, handled.outcome === "published" ? "scheduled entry published" : "scheduled entry handed back: its author can no longer publish");
        continue;
      }
      await sleep(IDLE_MS);
    } catch (error) {
      if (!outage.failed(error)) logger.warn({ err: error }, "scheduler step failed; retrying");
      await sleep(ERROR_BACKOFF_MS);
    }
  }
}
