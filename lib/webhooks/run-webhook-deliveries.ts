// The worker's webhook loop: every worker runs it; the delivery lease keeps each delivery to one sender at a time.
// Deliveries are queued by the publish record, so a slow or failing receiver never holds up publishing. On stop it
// claims nothing more and finishes the round in hand (each request is bounded by its timeout).
import type { Db } from "../db";
import { createOutageLogger } from "../db/outage-logger";
import { logger } from "../logger";
import { deliverDueWebhooks, type TDeliverOptions } from "./deliver-webhooks";

const IDLE_MS = 1_000;
const ERROR_BACKOFF_MS = 5_000;

export async function runWebhookDeliveries(options: { database: Db; signal: AbortSignal; startDelayMs?: number } & TDeliverOptions): Promise<void> {
  const outage = createOutageLogger("webhook deliveries");
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => (clearTimeout(timer), options.signal.removeEventListener("abort", wake), resolve());
      const timer = setTimeout(wake, ms);
      options.signal.addEventListener("abort", wake, { once: true });
    });
  // Deliveries are not urgent: a (re)starting worker gives the apply loop the database first.
  await sleep(options.startDelayMs ?? IDLE_MS);
  while (!options.signal.aborted) {
    try {
      const results = await deliverDueWebhooks(options.database, options);
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
