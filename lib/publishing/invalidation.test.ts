// CloudFront invalidation stays off the save-to-visible path: a failing or hanging CloudFront never holds up a publish.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { CloudFrontInvalidator } from "../../publishers/cloudfront";
import { FilePublisher } from "../../publishers/file";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { postEntry } from "../liveblogs/post-entry";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { liveBlogHeadKey } from "./publish-liveblog";
import { runPublishWorker } from "./run-publish-worker";

const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-invalidation-test-"));
const cloudFront = mockClient(CloudFrontClient);
afterEach(() => cloudFront.reset());
afterAll(() => fs.rmSync(publicDir, { recursive: true, force: true }));

async function publishWithInvalidator(invalidator: CloudFrontInvalidator) {
  const editor = await createTestUser({ role: "editor" });
  const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "CDN", slug: `cdn-${uniqueSuffix()}`, status: "live" } });
  const controller = new AbortController();
  const worker = runPublishWorker({
    database: testDb(),
    publisher: new FilePublisher(publicDir),
    pollMs: 20,
    signal: controller.signal,
    onPublished: ({ outcome }) => invalidator.enqueue(outcome.keys),
  });
  await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Visible without CloudFront" } });
  const headFile = path.join(publicDir, liveBlogHeadKey(blog.slug));
  await expect.poll(() => fs.existsSync(headFile) && fs.readFileSync(headFile, "utf8").includes("Visible without CloudFront"), { timeout: 10_000 }).toBe(true);
  controller.abort();
  await worker;
  return blog;
}

describe("CloudFront invalidation and the publish path", () => {
  it("a slow CloudFront API does not delay the head, and the head's path is invalidated once the window closes", async () => {
    let answered = 0;
    cloudFront.on(CreateInvalidationCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), 3000)).then(() => answered++));
    const invalidator = new CloudFrontInvalidator({ distributionId: "E2TEST", client: new CloudFrontClient({ region: "us-east-1" }), windowMs: 50, pathPrefix: "site" });
    const blog = await publishWithInvalidator(invalidator);
    expect(answered).toBe(0);
    // Other test files' blogs may be published by this worker too, so look for ours among the requests.
    const sentPaths = () => cloudFront.commandCalls(CreateInvalidationCommand).flatMap((call) => call.args[0].input.InvalidationBatch?.Paths?.Items ?? []);
    await expect.poll(sentPaths, { timeout: 20_000 }).toContain(`/site/${liveBlogHeadKey(blog.slug)}`);
  });

  it("a failing CloudFront API never fails a publish", async () => {
    cloudFront.on(CreateInvalidationCommand).rejects(new Error("AccessDenied"));
    const onError = vi.fn();
    const invalidator = new CloudFrontInvalidator({ distributionId: "E2TEST", client: new CloudFrontClient({ region: "us-east-1" }), windowMs: 20, onError, log: { warn: vi.fn(), error: vi.fn() } });
    const blog = await publishWithInvalidator(invalidator);
    await expect.poll(() => onError.mock.calls.length).toBeGreaterThan(0);
    expect((await testDb().liveBlog.findUniqueOrThrow({ where: { id: blog.id } })).publishedVersion).toBe(2);
    await invalidator.close();
  });
});
