// Picks where the workers' controls and heartbeats live, from configuration: WORKER_CONTROL_URL if set; with SQS
// (QUEUE_URL), `_control/` at the root of the publish bucket (outside the publish prefix); else the local queue's file.
import { parseS3Target } from "../../publishers/s3";
import { readEnv, type TEnv } from "../env";
import { localQueueFile } from "./get-queue";
import { LocalWorkerControlStore } from "./local-worker-control-store";
import { S3WorkerControlStore } from "./s3-worker-control-store";
import type { WorkerControlStore } from "./worker-control-store";

const DEFAULT_S3_CONTROL_PREFIX = "_control";

const globalForControls = globalThis as unknown as { ballastWorkerControls?: WorkerControlStore };

/** Where the controls are for this configuration: an s3:// URL, or null for the local queue's file. */
export function workerControlLocation(env: TEnv): string | null {
  if (env.WORKER_CONTROL_URL) return env.WORKER_CONTROL_URL;
  if (!env.QUEUE_URL) return null;
  if (!env.PUBLISH_TARGET?.startsWith("s3://")) {
    throw new Error("With QUEUE_URL (SQS), every machine's workers must read the same controls: set WORKER_CONTROL_URL=s3://bucket/prefix, or publish to s3:// (PUBLISH_TARGET) to keep them in the publish bucket.");
  }
  return `s3://${parseS3Target(env.PUBLISH_TARGET).bucket}/${DEFAULT_S3_CONTROL_PREFIX}`;
}

/** `createIfMissing: false` for the CLI: a local queue file that does not exist yet means the wrong data folder. */
export function createWorkerControlStore(env: TEnv, options: { createIfMissing?: boolean } = {}): WorkerControlStore {
  const location = workerControlLocation(env);
  if (location === null) return new LocalWorkerControlStore({ file: localQueueFile(env), createIfMissing: options.createIfMissing });
  const { bucket, prefix } = parseS3Target(location);
  return new S3WorkerControlStore({ bucket, prefix, endpoint: env.S3_ENDPOINT, region: env.S3_REGION });
}

/** The process-wide store (kept on globalThis so Next's dev reloads reuse one). */
export function getWorkerControlStore(): WorkerControlStore {
  globalForControls.ballastWorkerControls ??= createWorkerControlStore(readEnv());
  return globalForControls.ballastWorkerControls;
}
