import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, toActionError } from "../errors";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { createLiveBlog } from "./create-liveblog";
import { postEntry } from "./post-entry";

async function rowCounts() {
  const database = testDb();
  const [blogs, entries, audits, jobs] = await Promise.all([database.liveBlog.count(), database.entry.count(), database.auditLog.count(), database.publishJob.count()]);
  return { blogs, entries, audits, jobs };
}

async function expectFieldError(promise: Promise<unknown>, field: string, pattern: RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a ${field} error`).toBeDefined();
  const result = toActionError(error);
  expect(result.fieldErrors[field]).toMatch(pattern);
}

describe("creating a live blog (real Postgres)", () => {
  it("saves the blog, its audit row and its first publish job together", async () => {
    const editor = await createTestUser({ role: "editor" });
    const slug = `night-${uniqueSuffix()}`;
    const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "Debate night", slug, description: "" } });
    expect(blog).toMatchObject({ slug, title: "Debate night", version: 1, publishedVersion: null });
    expect(await testDb().auditLog.count({ where: { subjectId: blog.id, action: "liveblog.create", actorId: editor.id } })).toBe(1);
    expect(await testDb().publishJob.count({ where: { documentId: blog.id, version: 1, status: "pending" } })).toBe(1);
  });

  it.each([
    ["title", { title: "", slug: "ok-slug" }, /Title is required/],
    ["title", { title: "x".repeat(201), slug: "ok-slug" }, /at most 200/],
    ["slug", { title: "T", slug: "has spaces" }, /lower-case letters, digits and single hyphens/],
    ["slug", { title: "T", slug: "UpperCase" }, /lower-case/],
    ["slug", { title: "T", slug: "" }, /Slug is required/],
  ])("rejects a bad %s with a message naming it, saving nothing", async (field, input, pattern) => {
    const editor = await createTestUser({ role: "editor" });
    const before = await rowCounts();
    await expectFieldError(createLiveBlog(testDb(), { actorId: editor.id, input }), field, pattern);
    const after = await rowCounts();
    expect(after.blogs).toBe(before.blogs);
  });

  it("rejects a duplicate slug on the slug field and leaves the first blog untouched", async () => {
    const editor = await createTestUser({ role: "editor" });
    const slug = `dup-${uniqueSuffix()}`;
    const first = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "First", slug } });
    const jobsBefore = await testDb().publishJob.count({ where: { documentId: first.id } });
    await expectFieldError(createLiveBlog(testDb(), { actorId: editor.id, input: { title: "Second", slug } }), "slug", /already used/);
    const stored = await testDb().liveBlog.findUniqueOrThrow({ where: { slug } });
    expect(stored.title).toBe("First");
    expect(await testDb().liveBlog.count({ where: { title: "Second", slug } })).toBe(0);
    expect(await testDb().publishJob.count({ where: { documentId: first.id } })).toBe(jobsBefore);
  });
});

describe("posting an entry (real Postgres)", () => {
  it("numbers entries, bumps the blog version and queues a publish of that version, with an audit row", async () => {
    const editor = await createTestUser({ role: "editor" });
    const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "Night", slug: `posts-${uniqueSuffix()}` } });
    const first = await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "  Polls close in Ohio  " } });
    const second = await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Second" } });
    expect([first.entry.seq, second.entry.seq]).toEqual([1, 2]);
    expect(first.entry.body).toBe("Polls close in Ohio");
    expect([first.version, second.version]).toEqual([2, 3]);
    expect(await testDb().publishJob.findMany({ where: { documentId: blog.id }, orderBy: { id: "asc" }, select: { version: true } })).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    expect(await testDb().auditLog.count({ where: { action: "entry.create", actorId: editor.id } })).toBe(2);
  });

  it("gives concurrent posts distinct sequence numbers", async () => {
    const editor = await createTestUser({ role: "editor" });
    const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "Busy", slug: `busy-${uniqueSuffix()}` } });
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `Post ${index}` } })));
    expect(new Set(results.map((result) => result.entry.seq)).size).toBe(10);
    expect((await testDb().liveBlog.findUniqueOrThrow({ where: { id: blog.id } })).version).toBe(11);
  });

  it("rejects an empty entry on the body field and saves nothing", async () => {
    const editor = await createTestUser({ role: "editor" });
    const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: "Quiet", slug: `quiet-${uniqueSuffix()}` } });
    await expectFieldError(postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "   " } }), "body", /Entry text is required/);
    const stored = await testDb().liveBlog.findUniqueOrThrow({ where: { id: blog.id } });
    expect(stored.version).toBe(1);
    expect(await testDb().entry.count({ where: { liveBlogId: blog.id } })).toBe(0);
  });

  it("reports a post to a blog that does not exist as not found", async () => {
    const editor = await createTestUser({ role: "editor" });
    const error = await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: "00000000-0000-4000-8000-000000000000", body: "x" } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("not_found");
  });

  it("maps zod errors to field errors", () => {
    const parsed = z.object({ slug: z.string().min(1, "Slug is required.") }).safeParse({ slug: "" });
    expect(toActionError(parsed.error).fieldErrors).toEqual({ slug: "Slug is required." });
  });
});
