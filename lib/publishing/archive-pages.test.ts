import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import type { Publisher, TPublishObject } from "../../publishers/types";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { postEntry } from "../liveblogs/post-entry";
import { HEAD_MIN_ENTRIES } from "../render/render-liveblog-head";
import { PAGE_SIZE } from "../render/render-archive-page";
import { ZArchivePageSchema, ZLiveBlogHeadSchema } from "../render/schemas";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { liveBlogHeadKey, liveBlogPageKey, publishLiveBlog } from "./publish-liveblog";
import { requestRepublish } from "./request-republish";
import { requestRollback } from "./request-rollback";
import { resumePublishing } from "./resume-publishing";

const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-pages-test-"));
afterAll(() => fs.rmSync(publicDir, { recursive: true, force: true }));

/** A file publisher that records every upload, in order. */
class RecordingPublisher implements Publisher {
  readonly description = "recording";
  readonly puts: string[] = [];
  private readonly files = new FilePublisher(publicDir);
  async put(object: TPublishObject) {
    this.puts.push(object.key);
    await this.files.put(object);
  }
  get(key: string) {
    return this.files.get(key);
  }
  delete(key: string) {
    return this.files.delete(key);
  }
}

const readJson = (key: string) => JSON.parse(fs.readFileSync(path.join(publicDir, key), "utf8")) as unknown;

async function seededBlog(entryCount: number) {
  const editor = await createTestUser({ role: "editor" });
  const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "Archive", slug: `archive-${uniqueSuffix()}`, status: "live" } });
  for (let index = 1; index <= entryCount; index++) await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `Update ${index}` } });
  return { blog, editor };
}

describe("archive pages and incremental publishing (real Postgres)", () => {
  it("publishes sealed pages before the head, and the head links every page and keeps the newest entries", async () => {
    const publisher = new RecordingPublisher();
    const { blog } = await seededBlog(2 * PAGE_SIZE + 5);
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    // Pages, then the head, then the static page that reads it.
    expect(publisher.puts.slice(-2)).toEqual([liveBlogHeadKey(blog.slug), liveBlogPageKey(blog.slug)]);
    expect(publisher.puts.filter((key) => key.includes("/pages/"))).toHaveLength(2);

    const head = ZLiveBlogHeadSchema.parse(readJson(liveBlogHeadKey(blog.slug)));
    expect(head.totalEntries).toBe(2 * PAGE_SIZE + 5);
    expect(head.entries[0]?.seq).toBe(2 * PAGE_SIZE + 5);
    expect(head.entries).toHaveLength(HEAD_MIN_ENTRIES);
    expect(head.pages.map((page) => page.page)).toEqual([2, 1]);
    const seen = new Set(head.entries.map((entry) => entry.seq));
    for (const ref of head.pages) {
      const page = ZArchivePageSchema.parse(readJson(`liveblogs/${blog.slug}/${ref.path}`));
      expect(page.entries).toHaveLength(PAGE_SIZE);
      page.entries.forEach((entry) => seen.add(entry.seq));
    }
    expect(seen.size).toBe(2 * PAGE_SIZE + 5);
  });

  it("uploads only the head and the static page for an ordinary save, plus one archive page when a save seals it", async () => {
    const publisher = new RecordingPublisher();
    const { blog, editor } = await seededBlog(PAGE_SIZE - 2);
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    const putsBefore = publisher.puts.length;

    await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Ordinary save" } });
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    expect(publisher.puts.slice(putsBefore)).toEqual([liveBlogHeadKey(blog.slug), liveBlogPageKey(blog.slug)]);

    await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Seals page 1" } });
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    const sealingPuts = publisher.puts.slice(putsBefore + 2);
    expect(sealingPuts).toHaveLength(3);
    expect(sealingPuts[0]).toMatch(new RegExp(`^liveblogs/${blog.slug}/pages/1\\.[0-9a-f]{16}\\.json$`));
    expect(sealingPuts.slice(1)).toEqual([liveBlogHeadKey(blog.slug), liveBlogPageKey(blog.slug)]);
  });

  it("a save to a 10,000-entry blog uploads the head, the static page and at most one archive page", async () => {
    const publisher = new RecordingPublisher();
    const { blog, editor } = await seededBlog(0);
    await testDb().$executeRaw`
      INSERT INTO entries (id, live_blog_id, seq, body, author_id, created_at, updated_at)
      SELECT gen_random_uuid(), ${blog.id}::uuid, s, 'Seeded ' || s, ${editor.id}::uuid, now(), now() FROM generate_series(1, 10000) AS s`;
    await testDb().$executeRaw`
      INSERT INTO live_blog_pages (live_blog_id, page_no, entry_count) SELECT ${blog.id}::uuid, p, ${PAGE_SIZE} FROM generate_series(1, ${10_000 / PAGE_SIZE}::int) AS p`;
    await testDb().liveBlog.update({ where: { id: blog.id }, data: { nextEntrySeq: 10_001, version: { increment: 1 } } });
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    // Every page, the head, the static page, and the widget (banners, lookup and questions files, hashed entry, latest) on this publisher's first publish.
    expect(publisher.puts).toHaveLength(10_000 / PAGE_SIZE + 7);

    const putsPerSave: number[] = [];
    for (let save = 0; save < PAGE_SIZE + 1; save++) {
      const before = publisher.puts.length;
      await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `Fresh ${save}` } });
      await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
      putsPerSave.push(publisher.puts.length - before);
    }
    expect(Math.max(...putsPerSave)).toBeLessThanOrEqual(3);
    expect(putsPerSave.filter((puts) => puts === 3)).toHaveLength(1);
  }, 60_000);

  it("republish re-uploads every page and the head of the same version", async () => {
    const publisher = new RecordingPublisher();
    const { blog, editor } = await seededBlog(PAGE_SIZE * 2);
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    const putsBefore = publisher.puts.length;
    await requestRepublish(testDb(), { actorId: editor.id, documentId: blog.id });
    const outcome = await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    expect(outcome).toMatchObject({ status: "published", version: PAGE_SIZE * 2 + 1 });
    expect(publisher.puts.length - putsBefore).toBe(4);
    expect((await testDb().publishLog.findFirstOrThrow({ where: { documentId: blog.id }, orderBy: { id: "desc" } })).kind).toBe("republish");
  });

  it("rolls the head back to an earlier version with a rising version number, pauses, and resumes", async () => {
    const publisher = new RecordingPublisher();
    const { blog, editor } = await seededBlog(1);
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "A mistake" } });
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    expect(ZLiveBlogHeadSchema.parse(readJson(liveBlogHeadKey(blog.slug))).entries.map((entry) => entry.html)).toEqual(["A mistake", "Update 1"]);

    // The admin asks; a worker runs the rollback as a job.
    await requestRollback(testDb(), { actorId: editor.id, input: { documentId: blog.id, toVersion: 2 } });
    const rollback = await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    const version = rollback.status === "rolled-back" ? rollback.version : 0;
    const rolledBack = ZLiveBlogHeadSchema.parse(readJson(liveBlogHeadKey(blog.slug)));
    expect(rolledBack).toMatchObject({ version, rolledBackTo: 2 });
    expect(version).toBe(4);
    expect(rolledBack.entries.map((entry) => entry.html)).toEqual(["Update 1"]);

    await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Held back while rolled back" } });
    expect(await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher })).toEqual({ status: "paused", rolledBackToVersion: 2 });
    expect(ZLiveBlogHeadSchema.parse(readJson(liveBlogHeadKey(blog.slug))).version).toBe(4);

    await resumePublishing(testDb(), { actorId: editor.id, documentId: blog.id });
    await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher });
    const resumed = ZLiveBlogHeadSchema.parse(readJson(liveBlogHeadKey(blog.slug)));
    expect(resumed.version).toBeGreaterThan(4);
    expect(resumed.rolledBackTo).toBeUndefined();
    expect(resumed.entries[0]?.html).toBe("Held back while rolled back");
    expect(await testDb().auditLog.count({ where: { subjectId: blog.id, action: { in: ["liveblog.rollback", "liveblog.resume-publishing"] } } })).toBe(2);
  });

  it("refuses to roll back to a version that was never published", async () => {
    const { blog, editor } = await seededBlog(0);
    await expect(requestRollback(testDb(), { actorId: editor.id, input: { documentId: blog.id, toVersion: 99 } })).rejects.toThrow(/never published/);
  });
});
