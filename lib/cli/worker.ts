// The publish worker process: publishes due documents until SIGTERM, then finishes the work in hand and exits.
import { db } from "../db";
import { readEnv } from "../env";
import { logger } from "../logger";
import { getInvalidator, getPublisher } from "../publishing/get-publisher";
import { listenForPublishJobs, Waker } from "../publishing/publish-wakeup";
import { runPublishWorker } from "../publishing/run-publish-worker";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}

const env = readEnv();
const publisher = getPublisher();
const invalidator = getInvalidator();
const waker = new Waker();
const stopListening = env.DATABASE_URL ? listenForPublishJobs(env.DATABASE_URL, waker) : async () => undefined;
logger.info({ target: publisher.description, concurrency: env.PUBLISH_CONCURRENCY, cloudfront: Boolean(invalidator) }, "publish worker started");
await runPublishWorker({
  database: db(),
  publisher,
  pollMs: env.WORKER_POLL_MS,
  concurrency: env.PUBLISH_CONCURRENCY,
  signal: controller.signal,
  waker,
  // Only mutable keys (heads) need invalidating; the invalidator ignores content-hashed ones. Never awaited.
  onPublished: ({ outcome }) => invalidator?.enqueue(outcome.keys),
});
await stopListening();
await invalidator?.close();
await db().$disconnect();
logger.info("publish worker stopped");
