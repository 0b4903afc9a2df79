import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy } from "../test/support/fault-proxy";
import { S3RVER_CREDENTIALS, startS3Server, type TS3Server } from "../test/support/s3-server";
import { parseS3Target, S3Publisher } from "./s3";

// A tiny LCG: the fault proxy's choices are the same on every run, so the retry test cannot flake.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

let s3: TS3Server;

beforeAll(async () => {
  s3 = await startS3Server();
});

afterAll(async () => {
  await s3?.stop();
});

function publisherFor(endpoint: string, options: { prefix?: string; maxAttempts?: number } = {}): S3Publisher {
  return new S3Publisher({ bucket: s3.bucket, endpoint, credentials: S3RVER_CREDENTIALS, ...options });
}

describe("S3Publisher", () => {
  it("round-trips the exact bytes and stores Content-Type and Cache-Control", async () => {
    const publisher = publisherFor(s3.endpoint);
    const body = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0x7b, 0x22]);
    await publisher.put({ key: "media/blob.bin", body, contentType: "application/octet-stream", cacheControl: "public, max-age=31536000, immutable" });

    const stored = await publisher.get("media/blob.bin");
    expect(stored?.body.equals(body)).toBe(true);
    expect(stored?.modifiedAt).toBeInstanceOf(Date);

    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: "media/blob.bin" }));
    expect(head.ContentType).toBe("application/octet-stream");
    expect(head.CacheControl).toBe("public, max-age=31536000, immutable");
  });

  it("stores string bodies as UTF-8", async () => {
    const publisher = publisherFor(s3.endpoint);
    await publisher.put({ key: "liveblogs/ünïcode.json", body: '{"title":"Élection ✓"}', contentType: "application/json; charset=utf-8", cacheControl: "public, max-age=2" });
    const stored = await publisher.get("liveblogs/ünïcode.json");
    expect(stored?.body.toString("utf8")).toBe('{"title":"Élection ✓"}');
  });

  it("applies the prefix", async () => {
    const publisher = publisherFor(s3.endpoint, { prefix: "/site/v1/" });
    expect(publisher.description).toBe(`s3://${s3.bucket}/site/v1`);
    await publisher.put({ key: "latest.json", body: "{}", contentType: "application/json", cacheControl: "no-cache" });

    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: "site/v1/latest.json" }));
    expect(head.ContentLength).toBe(2);
    expect((await publisher.get("latest.json"))?.body.toString()).toBe("{}");
    expect(await publisherFor(s3.endpoint).get("latest.json")).toBeNull();
  });

  it("returns null for a missing key", async () => {
    expect(await publisherFor(s3.endpoint).get("nothing/here.json")).toBeNull();
  });

  it("rejects a missing bucket instead of reporting a missing key", async () => {
    const publisher = new S3Publisher({ bucket: "no-such-bucket-here", endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    await expect(publisher.get("x.json")).rejects.toMatchObject({ name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } });
  });

  it("deletes", async () => {
    const publisher = publisherFor(s3.endpoint);
    await publisher.put({ key: "doomed.json", body: "1", contentType: "application/json", cacheControl: "no-cache" });
    await publisher.delete("doomed.json");
    expect(await publisher.get("doomed.json")).toBeNull();
    await expect(publisher.delete("doomed.json")).resolves.toBeUndefined();
  });

  it("rejects unsafe keys and prefixes", async () => {
    const publisher = publisherFor(s3.endpoint);
    await expect(publisher.put({ key: "../x", body: "1", contentType: "text/plain", cacheControl: "no-cache" })).rejects.toThrow(/Unsafe object key/);
    await expect(publisher.get("a//b")).rejects.toThrow(/Unsafe object key/);
    await expect(publisher.delete("/abs")).rejects.toThrow(/Unsafe object key/);
    expect(() => publisherFor(s3.endpoint, { prefix: "a/../b" })).toThrow(/Unsafe object key/);
  });

  it("describes itself without a prefix", () => {
    expect(publisherFor(s3.endpoint).description).toBe(`s3://${s3.bucket}`);
  });
});

describe("parseS3Target", () => {
  it("parses a bucket with and without a prefix", () => {
    expect(parseS3Target("s3://my-bucket")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(parseS3Target("s3://my-bucket/")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(parseS3Target("s3://my.bucket/site/v1/")).toEqual({ bucket: "my.bucket", prefix: "site/v1" });
  });

  it.each([
    ["", /PUBLISH_TARGET/],
    ["my-bucket/prefix", /PUBLISH_TARGET/],
    ["https://my-bucket/prefix", /PUBLISH_TARGET/],
    ["file:///srv/public", /PUBLISH_TARGET/],
    ["s3://", /PUBLISH_TARGET.*bucket name is missing/],
    ["s3:///prefix", /PUBLISH_TARGET.*bucket name is missing/],
    ["s3://My_Bucket", /PUBLISH_TARGET.*not a valid S3 bucket name/],
    ["s3://my-bucket/a/../b", /PUBLISH_TARGET.*prefix/],
    ["s3://my-bucket/a//b", /PUBLISH_TARGET.*prefix/],
  ])("rejects %j", (target, message) => {
    expect(() => parseS3Target(target)).toThrow(message);
  });
});

describe("S3Publisher through a faulty network", () => {
  it("retries injected 503s until every put lands intact", async () => {
    const proxy = await startFaultProxy({ target: s3.endpoint, failureRate: 0.5, maxDelayMs: 50, random: seededRandom(20_240_601) });
    try {
      const viaProxy = publisherFor(proxy.endpoint, { prefix: "flaky" });
      const bodies = Array.from({ length: 20 }, (_, index) => Buffer.from(`{"index":${index},"padding":"${"x".repeat(index * 37)}"}`));
      // Sequential so requests meet the seeded random in the same order on every run.
      for (const [index, body] of bodies.entries()) {
        await viaProxy.put({ key: `objects/${index}.json`, body, contentType: "application/json", cacheControl: "no-cache" });
      }

      const direct = publisherFor(s3.endpoint, { prefix: "flaky" });
      for (const [index, body] of bodies.entries()) {
        const stored = await direct.get(`objects/${index}.json`);
        expect(stored?.body.equals(body), `object ${index}`).toBe(true);
      }
      expect(proxy.stats.failed).toBeGreaterThan(0);
      expect(proxy.stats.forwarded).toBe(20);
    } finally {
      await proxy.stop();
    }
  });

  it("gives up after maxAttempts when every request fails", async () => {
    const proxy = await startFaultProxy({ target: s3.endpoint, failureRate: 1, maxDelayMs: 0 });
    try {
      const viaProxy = publisherFor(proxy.endpoint, { maxAttempts: 2 });
      await expect(viaProxy.put({ key: "never.json", body: "{}", contentType: "application/json", cacheControl: "no-cache" })).rejects.toMatchObject({
        name: "ServiceUnavailable",
        $metadata: { httpStatusCode: 503, attempts: 2 },
      });
      expect(proxy.stats).toEqual({ forwarded: 0, failed: 2 });
      expect(await publisherFor(s3.endpoint).get("never.json")).toBeNull();
    } finally {
      await proxy.stop();
    }
  });
});
