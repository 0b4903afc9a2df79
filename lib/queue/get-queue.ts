// Picks the write-queue driver from configuration: SQS when QUEUE_URL is set, else the local durable queue.
import path from "node:path";
import { readEnv, type TEnv } from "../env";
import { LocalQueue } from "./local-queue";
import { SqsQueue } from "./sqs-queue";
import type { Queue } from "./types";

const globalForQueue = globalThis as unknown as { ballastQueue?: Queue };

/** The local driver's SQLite file (also home to the workers' controls). */
export function localQueueFile(env: TEnv): string {
  return path.join(env.dataDir, "queue", "commands.sqlite");
}

export function getQueue(): Queue {
  if (!globalForQueue.ballastQueue) {
    const env = readEnv();
    globalForQueue.ballastQueue = env.QUEUE_URL
      ? new SqsQueue({ queueUrl: env.QUEUE_URL, deadLetterQueueUrl: env.QUEUE_DLQ_URL, maxAttempts: env.QUEUE_MAX_ATTEMPTS })
      : new LocalQueue({ file: localQueueFile(env), maxAttempts: env.QUEUE_MAX_ATTEMPTS });
  }
  return globalForQueue.ballastQueue;
}
