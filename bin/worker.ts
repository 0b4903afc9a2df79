// The worker process: applies queued commands to Postgres and publishes what changed, until SIGTERM; then it
// finishes the work in hand and exits. A database outage is waited out (each loop logs it once), never fatal.
import { db, disconnectWithin } from "../lib/db";
import { readEnv } from "../lib/env";
import { describeError, logger } from "../lib/logger";
import { runApplyWorker } from "../lib/commands/run-apply-worker";
import { runScheduler } from "../lib/drafts/run-scheduler";
import { runPageScheduler } from "../lib/pages/run-page-scheduler";
import { runFeedScheduler } from "../lib/feeds/run-feed-scheduler";
import { getInvalidator, getPublisher } from "../lib/publishing/get-publisher";
import { listenForPublishJobs, Waker } from "../lib/publishing/publish-wakeup";
import { ensureWidgetPublished } from "../lib/publishing/publish-widget";
import { runPublishWorker } from "../lib/publishing/run-publish-worker";
import { getQueue } from "../lib/queue/get-queue";
import { runWebhookDeliveries } from "../lib/webhooks/run-webhook-deliveries";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}

let databaseUrl: string | undefined;

async function main() {
  const env = readEnv();
  databaseUrl = env.DATABASE_URL;
  const publisher = getPublisher();
  const invalidator = getInvalidator();
  const queue = getQueue();
  const waker = new Waker();
  const stopListening = env.DATABASE_URL ? listenForPublishJobs(env.DATABASE_URL, waker) : async () => undefined;
  logger.info({ queue: queue.driver, target: publisher.description, concurrency: env.PUBLISH_CONCURRENCY, cloudfront: Boolean(invalidator) }, "worker started");
  // Embeds work from the first minute, before anything is published (a failure is retried by the first publish).
  ensureWidgetPublished(publisher).catch((error: unknown) => logger.warn({ err: describeError(error) }, "widget not published at start; the first publish retries"));

  await Promise.all([
    runScheduler({ database: db(), signal: controller.signal }),
    runPageScheduler({ database: db(), signal: controller.signal }),
    runFeedScheduler({ database: db(), signal: controller.signal }),
    runWebhookDeliveries({ database: db(), signal: controller.signal }),
    runApplyWorker({ database: db(), queue, signal: controller.signal, maxApplyPerSecond: env.APPLY_MAX_PER_SECOND, visibilityMs: env.APPLY_VISIBILITY_MS }),
    runPublishWorker({
      database: db(),
      publisher,
      pollMs: env.WORKER_POLL_MS,
      concurrency: env.PUBLISH_CONCURRENCY,
      minIntervalMs: env.PUBLISH_MIN_INTERVAL_MS,
      signal: controller.signal,
      waker,
      // Only mutable keys (heads) need invalidating; the invalidator ignores content-hashed ones. Never awaited.
      onPublished: ({ outcome }) => invalidator?.enqueue(outcome.keys),
    }),
  ]);
  await stopListening();
  await invalidator?.close();
  await queue.close();
  await disconnectWithin(db(), 5_000);
  logger.info("worker stopped");
}

main().catch((error: unknown) => {
  // One line for the operator, never a stack or a raw Prisma error (LOG_LEVEL=debug logs the details).
  logger.debug({ err: error }, "worker failure details");
  console.error(`[ballast] The worker stopped: ${describeError(error, { databaseUrl })}`);
  process.exit(1);
});
