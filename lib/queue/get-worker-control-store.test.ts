// Which control store a configuration gets: beside the local queue, or in S3 for SQS deployments.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ZEnvSchema } from "../env";
import { createWorkerControlStore, workerControlLocation } from "./get-worker-control-store";
import { LocalWorkerControlStore } from "./local-worker-control-store";
import { S3WorkerControlStore } from "./s3-worker-control-store";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-control-config-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const envWith = (settings: Record<string, string>) => ZEnvSchema.parse({ BALLAST_DATA_DIR: dataDir, ...settings });
const SQS = "https://sqs.us-east-1.amazonaws.com/123456789012/ballast.fifo";

describe("the worker control store chosen by configuration", () => {
  it("keeps the controls in the local queue's file by default", async () => {
    const env = envWith({});
    expect(workerControlLocation(env)).toBeNull();
    const store = createWorkerControlStore(env);
    expect(store).toBeInstanceOf(LocalWorkerControlStore);
    expect(store.description).toBe(`local queue store ${path.join(dataDir, "queue", "commands.sqlite")}`);
    await store.close();
  });

  it("with SQS, keeps them under _control/ at the root of the publish bucket, outside the publish prefix", async () => {
    const env = envWith({ QUEUE_URL: SQS, PUBLISH_TARGET: "s3://ballast-site/public" });
    expect(workerControlLocation(env)).toBe("s3://ballast-site/_control");
    const store = createWorkerControlStore(env);
    expect(store).toBeInstanceOf(S3WorkerControlStore);
    expect(store.description).toBe("s3://ballast-site/_control/workers.json");
    await store.close();
  });

  it("uses WORKER_CONTROL_URL when set", () => {
    expect(workerControlLocation(envWith({ QUEUE_URL: SQS, WORKER_CONTROL_URL: "s3://ops-bucket/ballast/controls" }))).toBe("s3://ops-bucket/ballast/controls");
  });

  it("refuses SQS without a shared place for the controls, saying what to set", () => {
    expect(() => workerControlLocation(envWith({ QUEUE_URL: SQS }))).toThrow(/set WORKER_CONTROL_URL=s3:\/\/bucket\/prefix/);
  });

  it("refuses a local CLI run against a data folder with no queue in it", () => {
    expect(() => createWorkerControlStore(envWith({ BALLAST_DATA_DIR: path.join(dataDir, "elsewhere") }), { createIfMissing: false })).toThrow(/No local write queue at .*elsewhere/);
  });
});
