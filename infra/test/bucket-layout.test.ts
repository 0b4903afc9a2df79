// The IAM grants follow the code, not the other way round: the admin's and the workers' real code writes to an
// S3-compatible server (s3rver over HTTP) configured as on AWS, and every key it wrote must be one its role's
// s3:PutObject grants in the synthesised template allow.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { DeleteObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Publisher } from "../../publishers/s3";
import { NOTICE_KEY } from "../../lib/banners/constants";
import { issueEmergencyNotice } from "../../lib/banners/emergency-notice";
import { stageDatasetUpload } from "../../lib/datasets/stage-dataset-upload";
import { stagingStoreFor } from "../../lib/datasets/staging-store";
import { ZEnvSchema } from "../../lib/env";
import { storeMedia } from "../../lib/media/store-media";
import { workerControlLocation } from "../../lib/queue/get-worker-control-store";
import { LocalQueue } from "../../lib/queue/local-queue";
import { S3WorkerControlStore } from "../../lib/queue/s3-worker-control-store";
import { createTestUser, testDb } from "../../test/support/test-db";
import { S3RVER_CREDENTIALS, startS3Server, type TS3Server } from "../../test/support/s3-server";
import { ADMIN_PUBLISHED_KEYS, CONTROL_PREFIX, PUBLISH_PREFIX, STAGING_PREFIX } from "../lib/bucket-layout";
import { grantsOf, onlyResource, synthesize } from "./template";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const { resources } = synthesize();
const [bucketId] = onlyResource(resources, "AWS::S3::Bucket", "ContentBucket");

/** The key patterns a role may use `action` on, as regular expressions (IAM's * matches any characters, / included). */
function grantedKeys(rolePrefix: string, action: string): RegExp[] {
  const [roleId] = onlyResource(resources, "AWS::IAM::Role", rolePrefix);
  return grantsOf(resources, roleId, { [bucketId]: "bucket" })
    .filter((grant) => grant.startsWith(`${action} <bucket>/`))
    .map((grant) => grant.slice(`${action} <bucket>/`.length))
    .map((pattern) => new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`));
}

let s3: TS3Server;
let queueDir: string;

beforeAll(async () => {
  s3 = await startS3Server();
  queueDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-infra-layout-"));
});

afterAll(async () => {
  await s3.stop();
  fs.rmSync(queueDir, { recursive: true, force: true });
});

async function keysInBucket(): Promise<string[]> {
  const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

async function emptyBucket(): Promise<void> {
  for (const key of await keysInBucket()) await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
}

function awsLikeStores() {
  const publisher = new S3Publisher({ bucket: s3.bucket, prefix: PUBLISH_PREFIX, endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS });
  const controls = new S3WorkerControlStore({ bucket: s3.bucket, prefix: CONTROL_PREFIX, endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS, cacheMs: 0 });
  return { publisher, controls };
}

describe("the bucket layout the stack grants against", () => {
  it("matches the code's own keys: the notice, the default control location, the staging prefix", () => {
    expect(`${PUBLISH_PREFIX}/${ADMIN_PUBLISHED_KEYS.notice}`).toBe(`site/${NOTICE_KEY}`);
    const env = ZEnvSchema.parse({ QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/ballast.fifo", PUBLISH_TARGET: `s3://my-bucket/${PUBLISH_PREFIX}` });
    expect(workerControlLocation(env)).toBe(`s3://my-bucket/${CONTROL_PREFIX}`);
    const { publisher } = awsLikeStores();
    expect(stagingStoreFor(publisher).description).toBe(`s3://${s3.bucket}/${STAGING_PREFIX}`);
  });

  it("allows every key the admin writes (an image, the emergency notice and its widget, a staged CSV, a pause) and no other", { timeout: 60_000 }, async () => {
    await emptyBucket();
    const { publisher, controls } = awsLikeStores();
    const admin = await createTestUser({ role: "admin" });
    const queue = new LocalQueue({ file: path.join(queueDir, "admin.sqlite") });
    try {
      await storeMedia({ actorId: admin.id, bytes: PNG, publicBaseUrl: "https://cdn.example.com/site" }, testDb(), publisher);
      const notice = await issueEmergencyNotice({ actorId: admin.id, input: { message: "Polls in Ohio close at 7:30." } }, { queue, publisher });
      expect(notice.written).toBe(true);
      await stageDatasetUpload(Readable.from([Buffer.from("zip,city,state\n43215,Columbus,OH\n")]), stagingStoreFor(publisher));
      await controls.change({ paused: true }, { actorId: admin.id, via: "admin", by: admin.email });
    } finally {
      await queue.close();
      await controls.close();
    }

    const written = await keysInBucket();
    expect(written.length).toBeGreaterThanOrEqual(6);
    const allowed = grantedKeys("AdminTaskRole", "s3:PutObject");
    expect(written.filter((key) => !allowed.some((pattern) => pattern.test(key)))).toEqual([]);
    // The grants are narrow: a published key the workers own is not among them.
    expect(allowed.some((pattern) => pattern.test("site/liveblogs/debate/latest.json"))).toBe(false);
    expect(allowed.some((pattern) => pattern.test("site/banners/latest.json"))).toBe(false);
  });

  it("allows every key a worker writes for its controls and heartbeat, and everything it publishes under site/", { timeout: 60_000 }, async () => {
    await emptyBucket();
    const { publisher, controls } = awsLikeStores();
    try {
      const now = Date.now();
      await controls.reportHeartbeat({ id: "ip-10-40-8-12:4711", state: "running", appliedTotal: 3, lastError: null, startedAtMs: now, lastSeenAtMs: now });
      const change = await controls.change({ maxApplyPerSecond: 50 }, { actorId: null, via: "cli", by: "operator@ops" });
      await controls.markAudited([change.id]);
      await publisher.put({ key: "liveblogs/debate/latest.json", body: "{}", contentType: "application/json", cacheControl: "public, max-age=2" });
      expect(await controls.listWorkers(60_000)).toHaveLength(1);
    } finally {
      await controls.close();
    }
    const written = await keysInBucket();
    expect(written).toHaveLength(3);
    const allowed = grantedKeys("WorkerTaskRole", "s3:PutObject");
    expect(written.filter((key) => !allowed.some((pattern) => pattern.test(key)))).toEqual([]);
    // Workers never write staged uploads; they read and remove them.
    expect(allowed.some((pattern) => pattern.test(`${STAGING_PREFIX}0b5c7d2e-0000-4000-8000-000000000000.csv`))).toBe(false);
    expect(grantedKeys("WorkerTaskRole", "s3:DeleteObject").some((pattern) => pattern.test(`${STAGING_PREFIX}0b5c7d2e-0000-4000-8000-000000000000.csv`))).toBe(true);
  });
});
