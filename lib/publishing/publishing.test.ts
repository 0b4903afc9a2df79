import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { deleteEntryInTx, editEntryInTx } from "../liveblogs/change-entry";
import { postEntry, type TInsertedEntry } from "../liveblogs/post-entry";
import { pinEntryInTx } from "../liveblogs/update-liveblog";
import { ZLiveBlogHeadSchema } from "../render/schemas";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { retryDelayMs } from "./publish-job-queue";
import { liveBlogHeadKey, liveBlogPageKey, publishLiveBlog } from "./publish-liveblog";
import { listenForPublishJobs, Waker } from "./publish-wakeup";
import { runPublishWorker } from "./run-publish-worker";

const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-publish-test-"));
const publisher = new FilePublisher(publicDir);
afterAll(() => fs.rmSync(publicDir, { recursive: true, force: true }));

function readHead(slug: string) {
  const file = path.join(publicDir, liveBlogHeadKey(slug));
  return fs.existsSync(file) ? ZLiveBlogHeadSchema.parse(JSON.parse(fs.readFileSync(file, "utf8"))) : null;
}

async function blogWithEntries(count: number) {
  const editor = await createTestUser({ role: "editor" });
  const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "Publishing", slug: `pub-${uniqueSuffix()}`, status: "live" } });
  for (let index = 1; index <= count; index++) await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `Update ${index}` } });
  return blog;
}

describe("publishing a live blog (real Postgres, file publisher)", () => {
  it("writes latest.json with the newest version and entries, and marks the blog published", async () => {
    const blog = await blogWithEntries(2);
    const outcome = await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    expect(outcome).toMatchObject({ status: "published", version: 3 });
    const head = readHead(blog.slug);
    expect(head?.version).toBe(3);
    expect(head?.entries.map((entry) => entry.html)).toEqual(["Update 2", "Update 1"]);
    expect((await testDb().liveBlog.findUniqueOrThrow({ where: { id: blog.id } })).publishedVersion).toBe(3);
    const logged = await testDb().publishLog.findFirstOrThrow({ where: { documentId: blog.id } });
    expect(logged).toMatchObject({ version: 3, kind: "publish", keys: [liveBlogHeadKey(blog.slug), liveBlogPageKey(blog.slug)] });
    expect(logged.bytes).toBe(fs.statSync(path.join(publicDir, liveBlogHeadKey(blog.slug))).size + fs.statSync(path.join(publicDir, liveBlogPageKey(blog.slug))).size);
    expect(logged.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(logged.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("puts the pinned entry, key events newest first, edit marks, authors and a top-up past a sealed page in the head", async () => {
    const editor = await createTestUser({ role: "editor" });
    const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "Head contents", slug: `head-${uniqueSuffix()}`, status: "live" } });
    const posted: TInsertedEntry[] = [];
    for (let index = 1; index <= 55; index++) {
      posted.push((await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `<p>Update ${index}</p>`, kind: index % 20 === 0 ? "key_event" : "post" } })).entry);
    }
    await testDb().$transaction((tx) => pinEntryInTx(tx, { actorId: editor.id, input: { liveBlogId: blog.id, entryId: posted[2]!.id } }));
    await testDb().$transaction((tx) => editEntryInTx(tx, { actorId: editor.id, input: { liveBlogId: blog.id, entryId: posted[53]!.id, baseVersion: 1, body: "<p>Update 54, corrected</p>" } }));
    await testDb().$transaction((tx) => deleteEntryInTx(tx, { actorId: editor.id, input: { liveBlogId: blog.id, entryId: posted[54]!.id, baseVersion: 1 } }));

    expect(await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher })).toMatchObject({ status: "published", version: 59 });
    const head = readHead(blog.slug)!;
    expect(head.totalEntries).toBe(54);
    // Page 1 (1-50) is sealed: the head keeps 51-54 and tops up with the newest sealed entries to 20.
    expect(head.entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 20 }, (_, index) => 54 - index));
    expect(head.entries[0]).toMatchObject({ html: "<p>Update 54, corrected</p>", edited: true, author: { name: editor.name } });
    expect(head.entries[1]).toMatchObject({ html: "<p>Update 53</p>", edited: false });
    expect(head.pinned).toMatchObject({ seq: 3, html: "<p>Update 3</p>" });
    expect(head.keyEvents.map((event) => [event.seq, event.title])).toEqual([[40, "Update 40"], [20, "Update 20"]]);
    expect(head.pages.map((page) => [page.page, page.count])).toEqual([[1, 50]]);
    expect(new Date(head.entries[0]!.createdAt).getTime()).toBe(posted[53]!.createdAt.getTime());
  });

  it("coalesces a burst: one publish of the newest state completes every queued job", async () => {
    const blog = await blogWithEntries(5);
    expect(await testDb().publishJob.count({ where: { documentId: blog.id, status: "pending" } })).toBe(6);
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    expect(await testDb().publishJob.count({ where: { documentId: blog.id, status: "done" } })).toBe(6);
    expect(await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher })).toEqual({ status: "already-published", version: 6 });
    expect(await testDb().publishLog.count({ where: { documentId: blog.id } })).toBe(1);
  });

  it("never publishes an older version over a newer one, even when two publishes race", async () => {
    const blog = await blogWithEntries(3);
    const outcomes = await Promise.all([1, 2, 3].map(() => publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher, waitForLock: true })));
    expect(outcomes.filter((outcome) => outcome.status === "published")).toHaveLength(1);
    expect(readHead(blog.slug)?.version).toBe(4);
  });

  it("runs as a worker loop: a post becomes visible in latest.json without anyone calling publish", async () => {
    const blog = await blogWithEntries(0);
    const editor = await createTestUser({ role: "editor" });
    const controller = new AbortController();
    const worker = runPublishWorker({ database: testDb(), publisher, pollMs: 20, signal: controller.signal });
    await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Worker published this" } });
    await expect.poll(() => readHead(blog.slug)?.entries[0]?.html, { timeout: 10_000 }).toBe("Worker published this");
    controller.abort();
    await worker;
  });

  it("holds a burst of saves to one publish per interval, and publishes the newest when the interval ends, not at the next poll", async () => {
    const blog = await blogWithEntries(0);
    const editor = await createTestUser({ role: "editor" });
    const waker = new Waker();
    const stopListening = listenForPublishJobs(inject("databaseUrl"), waker);
    const controller = new AbortController();
    const worker = runPublishWorker({ database: testDb(), publisher, pollMs: 60_000, minIntervalMs: 3000, waker, signal: controller.signal });
    try {
      await expect.poll(() => readHead(blog.slug)?.version, { timeout: 10_000 }).toBe(1);
      const startedAt = Date.now();
      for (let index = 1; index <= 10; index++) {
        await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `Burst ${index}` } });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await expect.poll(() => readHead(blog.slug)?.version, { timeout: 20_000 }).toBe(11);
      expect(Date.now() - startedAt).toBeLessThan(30_000); // the 60 s idle poll was not what published it
      // One publish for the blog's creation, then one (two on a very slow machine) for ten saves held by the 3 s interval, not ten.
      expect(await testDb().publishLog.count({ where: { documentId: blog.id } })).toBeLessThanOrEqual(3);
      expect(readHead(blog.slug)?.entries[0]?.html).toBe("Burst 10");
    } finally {
      controller.abort();
      await worker;
      await stopListening();
    }
  });

  it("backs off exponentially with jitter, capped at 30 s", () => {
    expect(retryDelayMs(1, () => 0)).toBe(125);
    expect(retryDelayMs(1, () => 1)).toBe(250);
    expect(retryDelayMs(4, () => 1)).toBe(2000);
    expect(retryDelayMs(50, () => 1)).toBe(30_000);
  });
});
