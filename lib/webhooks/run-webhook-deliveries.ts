// The worker's webhook loop: every worker runs it; the delivery lease keeps each delivery to one sender at a time.
// Deliveries are queued by the publish record, so a slow or failing receiver never holds up publishing, and they step
// aside while this worker is publishing (one at a time, after a short wait for a quiet spell) so they do not compete
// with publishes for its CPU. On stop it claims nothing more and finishes the round in hand (each request is bounded
// by its timeout).
import { performance } from "node:perf_hooks";
import type { Db } from "../db";
import { createOutageLogger } from "../db/outage-logger";
import { logger } from "../logger";
import { sleepUntilAborted } from "../process/sleep-until-aborted";
import { msSincePublishing } from "../publishing/publish-activity";
import { deliverDueWebhooks, type TDeliverOptions } from "./deliver-webhooks";

const IDLE_MS = 1_000;
const ERROR_BACKOFF_MS = 5_000;
/** Publishing counts as quiet once its last publish ended this long ago. */
const QUIET_MS = 200;
/** A round waits at most this long for a quiet spell, so deliveries keep flowing through a long burst. */
const MAX_DEFER_MS = 1_000;
const DEFER_STEP_MS = 50;

export async function runWebhookDeliveries(options: { database: Db; signal: AbortSignal; startDelayMs?: number } & TDeliverOptions): Promise<void> {
  const outage = createOutageLogger("webhook deliveries");
  const sleep = (ms: number) => sleepUntilAborted(ms, options.signal);
  // Deliveries are not urgent: a (re)starting worker gives the apply loop the database first.
  await sleep(options.startDelayMs ?? IDLE_MS);
  while (!options.signal.aborted) {
    try {
      const deferredAt = performance.now();
      while (msSincePublishing() < QUIET_MS && performance.now() - deferredAt < MAX_DEFER_MS && !options.signal.aborted) await sleep(DEFER_STEP_MS);
      const busy = msSincePublishing() < QUIET_MS;
      const results = await deliverDueWebhooks(options.database, busy ? { ...options, concurrency: 1, limit: 4 } : options);
      outage.succeeded();
      for (const result of results) {
        if (result.status === "failed") logger.warn({ deliveryId: result.deliveryId, webhookId: result.webhookId, error: result.error }, "webhook delivery failed for good after a day of retries");
        else if (!result.ok) logger.info({ deliveryId: result.deliveryId, webhookId: result.webhookId, error: result.error }, "webhook delivery failed; it will be retried");
      }
      if (results.length === 0) await sleep(IDLE_MS);
    } catch (error) {
      if (!outage.failed(error)) logger.warn({ err: error }, "webhook delivery round failed; retrying");
      await sleep(ERROR_BACKOFF_MS);
    }
  }
}
