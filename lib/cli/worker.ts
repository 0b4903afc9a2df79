// The publish worker process: claims publish jobs until SIGTERM, then finishes the job in hand and exits.
import { db } from "../db";
import { readEnv } from "../env";
import { logger } from "../logger";
import { getPublisher } from "../publishing/get-publisher";
import { runPublishWorker } from "../publishing/run-publish-worker";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}

const publisher = getPublisher();
logger.info({ target: publisher.description }, "publish worker started");
await runPublishWorker({ database: db(), publisher, pollMs: readEnv().WORKER_POLL_MS, signal: controller.signal });
await db().$disconnect();
logger.info("publish worker stopped");
