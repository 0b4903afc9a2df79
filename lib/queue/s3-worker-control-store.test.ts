// The S3 control store runs the shared behaviour suite against s3rver over HTTP; its conditional writes (If-Match,
// which s3rver ignores) are checked against the SDK's contract with a mocked client.
import { randomUUID } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException, type PutObjectCommandInput } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeWorkerControlStoreBehaviour } from "../../test/suites/worker-control-store-behaviour";
import { S3RVER_CREDENTIALS, startS3Server, type TS3Server } from "../../test/support/s3-server";
import { S3WorkerControlStore, type TS3WorkerControlStoreOptions } from "./s3-worker-control-store";

let s3: TS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

function storeOn(prefix: string, options: Partial<TS3WorkerControlStoreOptions> = {}) {
  return new S3WorkerControlStore({ bucket: s3.bucket, prefix, endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS, cacheMs: 0, ...options });
}

describeWorkerControlStoreBehaviour("S3 objects (s3rver over HTTP)", async () => {
  const prefix = `_control-${randomUUID().slice(0, 8)}`;
  const subject = { store: storeOn(prefix), openAnother: () => storeOn(prefix), cleanup: () => subject.store.close() };
  return subject;
});

describe("S3WorkerControlStore against s3rver", () => {
  it("keeps everything under its prefix, uncacheable, as JSON", async () => {
    const prefix = `ops/_control-${randomUUID().slice(0, 8)}`;
    const store = storeOn(prefix);
    await store.change({ paused: true }, { actorId: null, via: "cli", by: "ops@host" });
    await store.reportHeartbeat({ id: "host:1", state: "paused", appliedTotal: 0, lastError: null, startedAtMs: Date.now(), lastSeenAtMs: Date.now() });
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
    expect((listed.Contents ?? []).map((object) => object.Key).sort()).toEqual([`${prefix}/heartbeats/host%3A1.json`, `${prefix}/workers.json`]);
    const controls = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/workers.json` }));
    expect(controls.CacheControl).toBe("no-store");
    expect(controls.ContentType).toBe("application/json");
    expect(JSON.parse(await controls.Body!.transformToString())).toMatchObject({ schema: 1, controls: { paused: true, maxApplyPerSecond: 0 } });
    expect(store.description).toBe(`s3://${s3.bucket}/${prefix}/workers.json`);
    await store.close();
  });

  it("reads through a short cache: another machine's pause is seen soon after the cache time (300 ms here), not stuck on the cached value", async () => {
    const prefix = `_control-${randomUUID().slice(0, 8)}`;
    const worker = storeOn(prefix, { cacheMs: 300 });
    expect((await worker.read()).controls.paused).toBe(false);
    const operator = storeOn(prefix);
    await operator.change({ paused: true }, { actorId: null, via: "cli", by: "ops@host" });
    const changedAt = performance.now();
    // Within the cache time the worker may still see the old value; after it, it must see the new one.
    while ((await worker.read()).controls.paused === false) {
      expect(performance.now() - changedAt).toBeLessThan(5_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all([worker.close(), operator.close()]);
  });
});

describe("S3WorkerControlStore conditional writes (SDK contract, mocked S3)", () => {
  // Only this client is mocked; the s3rver tests above use real ones.
  const client = new S3Client({ region: "us-east-1" });
  const s3Mock = mockClient(client);
  const origin = { actorId: null, via: "cli", by: "ops@host" } as const;
  const store = () => new S3WorkerControlStore({ bucket: "ballast-site", prefix: "_control", client, cacheMs: 0 });
  const documentWith = (controls: { paused: boolean; maxApplyPerSecond: number }) => ({ schema: 1, controls, unaudited: [], updatedAtMs: 1 });
  const body = (value: unknown) => ({ transformToString: async () => JSON.stringify(value) }) as never;
  const preconditionFailed = () => new S3ServiceException({ name: "PreconditionFailed", $fault: "client", $metadata: { httpStatusCode: 412 }, message: "At least one of the pre-conditions you specified did not hold" });
  const puts = () => s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input as PutObjectCommandInput);

  beforeEach(() => s3Mock.reset());

  it("creates the controls object only if nobody else has (If-None-Match: *)", async () => {
    s3Mock.on(GetObjectCommand).rejects(new S3ServiceException({ name: "NoSuchKey", $fault: "client", $metadata: { httpStatusCode: 404 }, message: "missing" }));
    s3Mock.on(PutObjectCommand).resolves({ ETag: '"new"' });
    await store().change({ paused: true }, origin);
    expect(puts()).toHaveLength(1);
    expect(puts()[0]).toMatchObject({ Bucket: "ballast-site", Key: "_control/workers.json", IfNoneMatch: "*" });
    expect(puts()[0]!.IfMatch).toBeUndefined();
  });

  it("writes only over the version it read (If-Match), and on a conflict reads again and keeps the other writer's change", async () => {
    s3Mock
      .on(GetObjectCommand)
      .resolvesOnce({ ETag: '"v1"', Body: body(documentWith({ paused: false, maxApplyPerSecond: 0 })) })
      // Meanwhile another admin set a cap.
      .resolvesOnce({ ETag: '"v2"', Body: body(documentWith({ paused: false, maxApplyPerSecond: 40 })) });
    s3Mock.on(PutObjectCommand).rejectsOnce(preconditionFailed()).resolves({ ETag: '"v3"' });
    const change = await store().change({ paused: true }, origin);
    expect(puts().map((put) => put.IfMatch)).toEqual(['"v1"', '"v2"']);
    const written = JSON.parse(String(puts()[1]!.Body));
    expect(written.controls).toEqual({ paused: true, maxApplyPerSecond: 40 });
    expect(written.unaudited.map((entry: { id: string }) => entry.id)).toEqual([change.id]);
    expect(change.controls).toEqual({ paused: true, maxApplyPerSecond: 40 });
  });

  it("gives up with the error after five conflicting attempts", async () => {
    s3Mock.on(GetObjectCommand).callsFake(async () => ({ ETag: `"${randomUUID()}"`, Body: body(documentWith({ paused: false, maxApplyPerSecond: 0 })) }));
    s3Mock.on(PutObjectCommand).rejects(preconditionFailed());
    await expect(store().change({ paused: true }, origin)).rejects.toThrow("pre-conditions");
    expect(puts()).toHaveLength(5);
  });
});
