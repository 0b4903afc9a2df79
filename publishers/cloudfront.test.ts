import { createHash } from "node:crypto";
import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CloudFrontInvalidator, type TCloudFrontInvalidatorOptions } from "./cloudfront";

const cloudFront = mockClient(CloudFrontClient);
const DISTRIBUTION_ID = "E2EXAMPLE123";
const WINDOW_MS = 10_000;
const START_TIME = 1_780_000_000_000;

function createInvalidator(options: Partial<TCloudFrontInvalidatorOptions> = {}): CloudFrontInvalidator {
  return new CloudFrontInvalidator({
    distributionId: DISTRIBUTION_ID,
    client: new CloudFrontClient({ region: "us-east-1" }),
    windowMs: WINDOW_MS,
    onError: () => {},
    ...options,
  });
}

function sentInvalidations() {
  return cloudFront.commandCalls(CreateInvalidationCommand).map((call) => call.args[0].input);
}

function sentItems(): string[][] {
  return sentInvalidations().map((input) => input.InvalidationBatch?.Paths?.Items ?? []);
}

function expectedCallerReference(time: number, sortedPaths: string[]): string {
  return `ballast-${time}-${createHash("sha256").update(sortedPaths.join("\n")).digest("hex").slice(0, 16)}`;
}

beforeEach(() => {
  cloudFront.reset();
  cloudFront.on(CreateInvalidationCommand).resolves({});
  vi.useFakeTimers({ now: START_TIME });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("CloudFrontInvalidator", () => {
  it("sends one deduped, sorted, prefixed invalidation per window", async () => {
    const invalidator = createInvalidator({ pathPrefix: "/site/" });
    invalidator.enqueue(["liveblogs/debate/latest.json", "banners/latest.json"]);
    await vi.advanceTimersByTimeAsync(WINDOW_MS / 2);
    invalidator.enqueue(["liveblogs/debate/index.html", "banners/latest.json", "liveblogs/debate night/latest.json"]);
    invalidator.enqueue(["liveblogs/debate/latest.json"]);
    expect(sentInvalidations()).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(WINDOW_MS / 2);

    const expectedPaths = [
      "/site/banners/latest.json",
      "/site/liveblogs/debate%20night/latest.json",
      "/site/liveblogs/debate/index.html",
      "/site/liveblogs/debate/latest.json",
    ];
    expect(sentInvalidations()).toEqual([
      {
        DistributionId: DISTRIBUTION_ID,
        InvalidationBatch: {
          CallerReference: expectedCallerReference(START_TIME + WINDOW_MS, expectedPaths),
          Paths: { Quantity: 4, Items: expectedPaths },
        },
      },
    ]);
    expect(sentInvalidations()[0]?.InvalidationBatch?.CallerReference).toMatch(/^ballast-\d+-[0-9a-f]{16}$/);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("starts paths with a single slash when there is no prefix", async () => {
    const invalidator = createInvalidator();
    invalidator.enqueue(["banners/latest.json"]);
    await invalidator.flush();
    expect(sentItems()).toEqual([["/banners/latest.json"]]);
  });

  it("never sends content-hashed files or media", async () => {
    const invalidator = createInvalidator();
    invalidator.enqueue(["liveblogs/debate/pages/3.ab12cd34ef.json", `media/${"a".repeat(64)}.png`, "widgets/ballast.0123abcd.js"]);
    expect(vi.getTimerCount()).toBe(0);
    await invalidator.flush();
    expect(sentInvalidations()).toHaveLength(0);

    invalidator.enqueue(["liveblogs/debate/pages/4.ab12cd34ef.json", "widgets/ballast.js", "liveblogs/debate/latest.json"]);
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(sentItems()).toEqual([["/liveblogs/debate/latest.json", "/widgets/ballast.js"]]);
  });

  it("invalidates deleted objects at once, content-hashed ones included (the one invalidation on the delete path)", async () => {
    const invalidator = createInvalidator({ pathPrefix: "site" });
    const deleted = ["liveblogs/debate/pages/3.ab12cd34ef567890.json", "liveblogs/debate/latest.json"];
    await invalidator.invalidateDeleted(deleted);

    const expectedPaths = ["/site/liveblogs/debate/latest.json", "/site/liveblogs/debate/pages/3.ab12cd34ef567890.json"];
    expect(sentInvalidations()).toEqual([
      {
        DistributionId: DISTRIBUTION_ID,
        InvalidationBatch: { CallerReference: expectedCallerReference(START_TIME, expectedPaths), Paths: { Quantity: 2, Items: expectedPaths } },
      },
    ]);
    // Sent without waiting for the window, and nothing left scheduled.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("retries a failed invalidation of deleted objects in the next window", async () => {
    const invalidator = createInvalidator();
    cloudFront.on(CreateInvalidationCommand).rejectsOnce(new Error("Throttling")).resolves({});
    await invalidator.invalidateDeleted(["liveblogs/debate/pages/1.0123456789abcdef.json"]);
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(sentItems()).toEqual([["/liveblogs/debate/pages/1.0123456789abcdef.json"], ["/liveblogs/debate/pages/1.0123456789abcdef.json"]]);
  });

  it("splits 2,500 paths into requests of 1000, 1000 and 500", async () => {
    const invalidator = createInvalidator({ maxPathsPerRequest: 1000 });
    const keys = Array.from({ length: 2500 }, (_, index) => `datasets/zip/${index}.json`);
    invalidator.enqueue(keys);
    await vi.advanceTimersByTimeAsync(WINDOW_MS);

    const invalidations = sentInvalidations();
    expect(invalidations.map((input) => input.InvalidationBatch?.Paths?.Quantity)).toEqual([1000, 1000, 500]);
    expect(invalidations.map((input) => input.InvalidationBatch?.Paths?.Items?.length)).toEqual([1000, 1000, 500]);
    const allPaths = sentItems().flat();
    expect(new Set(allPaths).size).toBe(2500);
    expect(allPaths).toEqual([...allPaths].sort());
    expect(new Set(invalidations.map((input) => input.InvalidationBatch?.CallerReference)).size).toBe(3);
  });

  it("rejects a batch size CloudFront would refuse", () => {
    expect(() => createInvalidator({ maxPathsPerRequest: 3001 })).toThrow(/maxPathsPerRequest/);
    expect(() => createInvalidator({ maxPathsPerRequest: 0 })).toThrow(/maxPathsPerRequest/);
  });

  it("gives each window its own CallerReference, even for the same paths", async () => {
    const invalidator = createInvalidator();
    invalidator.enqueue(["banners/latest.json"]);
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    invalidator.enqueue(["banners/latest.json"]);
    await vi.advanceTimersByTimeAsync(WINDOW_MS);

    const references = sentInvalidations().map((input) => input.InvalidationBatch?.CallerReference);
    expect(references).toHaveLength(2);
    expect(references[0]).not.toBe(references[1]);
  });

  it("reports a failed request without throwing and resends its paths on the next flush", async () => {
    const onError = vi.fn();
    const invalidator = createInvalidator({ onError });
    cloudFront.on(CreateInvalidationCommand).rejectsOnce(new Error("Throttling")).resolves({});

    expect(() => invalidator.enqueue(["liveblogs/debate/latest.json", "banners/latest.json"])).not.toThrow();
    await expect(invalidator.flush()).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ message: "Throttling" });

    invalidator.enqueue(["liveblogs/other/latest.json"]);
    await invalidator.flush();

    expect(sentItems()).toEqual([
      ["/banners/latest.json", "/liveblogs/debate/latest.json"],
      ["/banners/latest.json", "/liveblogs/debate/latest.json", "/liveblogs/other/latest.json"],
    ]);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("retries failed paths in the next window on its own, with no unhandled rejection", async () => {
    const onError = vi.fn();
    const invalidator = createInvalidator({ onError });
    cloudFront.on(CreateInvalidationCommand).rejectsOnce(new Error("Throttling")).resolves({});

    invalidator.enqueue(["banners/latest.json"]);
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(onError).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(WINDOW_MS);

    expect(sentItems()).toEqual([["/banners/latest.json"], ["/banners/latest.json"]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives up on a path after 5 failed attempts and logs it", async () => {
    const loggedErrors = vi.fn();
    const onError = vi.fn();
    const invalidator = createInvalidator({ onError, log: { warn: vi.fn(), error: loggedErrors } });
    cloudFront.on(CreateInvalidationCommand).rejects(new Error("Throttling"));

    invalidator.enqueue(["banners/latest.json"]);
    for (let attempt = 0; attempt < 7; attempt += 1) await invalidator.flush();

    expect(sentInvalidations()).toHaveLength(5);
    expect(onError).toHaveBeenCalledTimes(5);
    expect(loggedErrors).toHaveBeenCalledWith(expect.objectContaining({ path: "/banners/latest.json", failedAttempts: 5 }), expect.any(String));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps running when onError itself throws", async () => {
    const invalidator = createInvalidator({
      log: { warn: vi.fn(), error: vi.fn() },
      onError: () => {
        throw new Error("callback broke");
      },
    });
    cloudFront.on(CreateInvalidationCommand).rejects(new Error("Throttling"));
    invalidator.enqueue(["banners/latest.json"]);
    await expect(invalidator.flush()).resolves.toBeUndefined();
  });

  it("flushes pending paths on close and leaves no timer behind", async () => {
    const invalidator = createInvalidator({ pathPrefix: "p" });
    invalidator.enqueue(["banners/latest.json"]);
    expect(vi.getTimerCount()).toBe(1);

    await invalidator.close();

    expect(sentItems()).toEqual([["/p/banners/latest.json"]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not keep the process alive while waiting for a window", () => {
    vi.useRealTimers();
    const invalidator = createInvalidator();
    const realSetTimeout = globalThis.setTimeout;
    let scheduledTimer: NodeJS.Timeout | undefined;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, delay?: number) => {
      scheduledTimer = realSetTimeout(callback, delay);
      return scheduledTimer;
    }) as typeof setTimeout);

    invalidator.enqueue(["banners/latest.json"]);

    expect(scheduledTimer?.hasRef()).toBe(false);
    clearTimeout(scheduledTimer);
  });
});
