// Takedown means gone, and drafts are private: what readers can fetch after a delete, an edit, a rollback, or a
// blog set back to draft. Its own database, so no other test file's publish worker (with another target) sweeps
// these blogs' superseded objects.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CloudFrontInvalidator } from "../../publishers/cloudfront";
import { FilePublisher } from "../../publishers/file";
import type { Publisher } from "../../publishers/types";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { applyCommand } from "../commands/apply-command";
import { getCommandStatus } from "../commands/get-command-status";
import { createDb, type Db } from "../db";
import { deleteEntryInTx, editEntryInTx } from "../liveblogs/change-entry";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { postEntry, type TInsertedEntry } from "../liveblogs/post-entry";
import { updateLiveBlogInTx } from "../liveblogs/update-liveblog";
import { ZArchivePageSchema, ZLiveBlogHeadSchema } from "../render/schemas";
import { deleteSupersededObjects } from "./delete-superseded-objects";
import { LeaseLostError } from "./publish-document";
import { findDueDocuments } from "./publish-job-queue";
import { liveBlogHeadKey, liveBlogPageKey, publishLiveBlog } from "./publish-liveblog";
import { answerPublishedRequest } from "./read-published-object";
import { requestRollback } from "./request-rollback";
import { runPublishWorker } from "./run-publish-worker";
import { listRetiredKeys } from "./superseded-objects";

// The /cdn answers (answerPublishedRequest) read the configured target: this test's folder, set before any import
// reads the configuration.
const publicDir = await vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  const folder = mkdtempSync(join(tmpdir(), "ballast-takedown-test-"));
  vi.stubEnv("PUBLISH_TARGET", `file://${folder}`);
  return folder;
});
const publisher = new FilePublisher(publicDir);
const cloudFront = mockClient(CloudFrontClient);

let database: Db;
let dropDatabase: () => Promise<void>;
let editorId: string;

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-takedown" });
  dropDatabase = fresh.drop;
  database = createDb(fresh.url);
  const editor = await database.user.create({ data: { email: `takedown-${randomUUID()}@example.com`, name: "Takedown editor", role: "editor", passwordHash: "unused" } });
  editorId = editor.id;
});

afterAll(async () => {
  await database.$disconnect();
  await dropDatabase();
  fs.rmSync(publicDir, { recursive: true, force: true });
});

const slugOf = () => `takedown-${randomUUID().slice(0, 8)}`;

async function liveBlogWith(bodies: string[], status: "live" | "draft" = "live") {
  const blog = await createLiveBlog(database, { actorId: editorId, input: { title: "Takedown", slug: slugOf(), status } });
  const entries: TInsertedEntry[] = [];
  for (const body of bodies) entries.push((await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body } })).entry);
  return { blog, entries };
}

const numbered = (count: number, body: (seq: number) => string = (seq) => `<p>Update ${seq}</p>`) => Array.from({ length: count }, (_, index) => body(index + 1));

async function fetchObject(key: string) {
  const answer = await answerPublishedRequest(key, null);
  return { status: answer.status, text: answer.body?.toString("utf8") ?? "", headers: answer.headers };
}

async function readHead(slug: string) {
  const head = await fetchObject(liveBlogHeadKey(slug));
  return head.status === 200 ? ZLiveBlogHeadSchema.parse(JSON.parse(head.text)) : null;
}

/** Every object of the blog on the target, as relative keys. */
function objectsOf(slug: string): string[] {
  const folder = path.join(publicDir, "liveblogs", slug);
  if (!fs.existsSync(folder)) return [];
  return (fs.readdirSync(folder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(publicDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

describe("takedown means gone (real Postgres, file target)", () => {
  it("keeps a deleted entry's old archive page through the grace period, then it answers 404", async () => {
    const { blog, entries } = await liveBlogWith(numbered(55, (seq) => (seq === 3 ? "<p>Deleted soon: entry three</p>" : `<p>Update ${seq}</p>`)));
    const graceMs = 3000;
    const controller = new AbortController();
    const worker = runPublishWorker({ database, publisher, pollMs: 20, signal: controller.signal, takedownGraceMs: graceMs, invalidateDeleted: () => undefined });
    try {
      await expect.poll(async () => (await readHead(blog.slug))?.pages.length, { timeout: 10_000 }).toBe(1);
      const oldPageKey = `liveblogs/${blog.slug}/${(await readHead(blog.slug))!.pages[0]!.path}`;
      expect((await fetchObject(oldPageKey)).text).toContain("Deleted soon: entry three");

      await database.$transaction((tx) => deleteEntryInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, entryId: entries[2]!.id, baseVersion: 1 } }));
      await expect.poll(async () => (await readHead(blog.slug))?.pages[0]?.path, { timeout: 10_000 }).not.toBe(oldPageKey.split("/").slice(2).join("/"));
      const newPageKey = `liveblogs/${blog.slug}/${(await readHead(blog.slug))!.pages[0]!.path}`;
      // A reader's cached head may still name the old page for a while: it is still there right after the new head.
      expect((await fetchObject(oldPageKey)).status).toBe(200);
      expect((await listRetiredKeys(database, { kind: "liveblog", documentId: blog.id })).map((row) => row.key)).toEqual([oldPageKey]);

      await expect.poll(async () => (await fetchObject(oldPageKey)).status, { timeout: 15_000 }).toBe(404);
      expect((await fetchObject(oldPageKey)).headers["X-Content-Type-Options"]).toBe("nosniff");
      const newPage = await fetchObject(newPageKey);
      expect(newPage.status).toBe(200);
      expect(ZArchivePageSchema.parse(JSON.parse(newPage.text)).entries.map((entry) => entry.seq)).not.toContain(3);
      expect(objectsOf(blog.slug).join("\n")).not.toContain(oldPageKey);
      expect(await listRetiredKeys(database, { kind: "liveblog", documentId: blog.id })).toEqual([]);
    } finally {
      controller.abort();
      await worker;
    }
  });

  it("an edited entry's old text is gone from every object a reader can fetch, in the pages and in the head", async () => {
    const { blog, entries } = await liveBlogWith(numbered(58, (seq) => (seq === 10 ? "<p>Archived OLD-TEXT-IN-PAGE</p>" : seq === 57 ? "<p>Recent OLD-TEXT-IN-HEAD</p>" : `<p>Update ${seq}</p>`)));
    const controller = new AbortController();
    const worker = runPublishWorker({ database, publisher, pollMs: 20, signal: controller.signal, takedownGraceMs: 500, invalidateDeleted: () => undefined });
    const everything = () => objectsOf(blog.slug).map((key) => fs.readFileSync(path.join(publicDir, key), "utf8")).join("\n");
    try {
      await expect.poll(() => ["OLD-TEXT-IN-PAGE", "OLD-TEXT-IN-HEAD"].every((text) => everything().includes(text)), { timeout: 10_000 }).toBe(true);
      await database.$transaction((tx) => editEntryInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, entryId: entries[9]!.id, baseVersion: 1, body: "<p>Archived, corrected</p>" } }));
      await database.$transaction((tx) => editEntryInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, entryId: entries[56]!.id, baseVersion: 1, body: "<p>Recent, corrected</p>" } }));
      await expect.poll(everything, { timeout: 15_000 }).not.toMatch(/OLD-TEXT-IN-(PAGE|HEAD)/);
      expect(everything()).toContain("Archived, corrected");
      expect(everything()).toContain("Recent, corrected");
      // Every object there answers through /cdn, and none of them has the old text.
      for (const key of objectsOf(blog.slug)) expect((await fetchObject(key)).text).not.toMatch(/OLD-TEXT-IN-(PAGE|HEAD)/);
    } finally {
      controller.abort();
      await worker;
    }
  });

  it("a rollback after a delete shows neither the deleted entry nor a deleted page", async () => {
    const { blog, entries } = await liveBlogWith(numbered(55, (seq) => (seq === 3 ? "<p>GONE-FROM-A-PAGE</p>" : seq === 54 ? "<p>GONE-FROM-THE-HEAD</p>" : `<p>Update ${seq}</p>`)));
    await database.liveBlog.update({ where: { id: blog.id }, data: { pinnedEntryId: entries[53]!.id } });
    const before = await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    expect(before.status).toBe("published");
    const beforeVersion = (await readHead(blog.slug))!.version;
    expect((await readHead(blog.slug))!.pinned?.seq).toBe(54);

    for (const entry of [entries[2]!, entries[53]!]) {
      await database.$transaction((tx) => deleteEntryInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, entryId: entry.id, baseVersion: 1 } }));
    }
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher, takedownGraceMs: 0 });
    expect((await deleteSupersededObjects({ database, publisher, invalidate: () => undefined })).deleted).toHaveLength(1);

    await requestRollback(database, { actorId: editorId, input: { documentId: blog.id, toVersion: beforeVersion } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "rolled-back", toVersion: beforeVersion });
    const head = (await readHead(blog.slug))!;
    expect(head.rolledBackTo).toBe(beforeVersion);
    expect(head.entries.map((entry) => entry.seq)).not.toContain(54);
    expect(head.entries.map((entry) => entry.seq)).toContain(55);
    expect(head.pinned).toBeNull();
    expect(head.totalEntries).toBe(53);
    // Every page it names is there, and none holds the deleted entry.
    for (const ref of head.pages) {
      const page = await fetchObject(`liveblogs/${blog.slug}/${ref.path}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain("GONE-FROM");
    }
    expect((await fetchObject(liveBlogPageKey(blog.slug))).text).not.toContain("GONE-FROM");
    expect(JSON.stringify(head)).not.toContain("GONE-FROM");
  });

  it("invalidates exactly the deleted keys at CloudFront, at once (CreateInvalidation contract)", async () => {
    cloudFront.reset();
    cloudFront.on(CreateInvalidationCommand).resolves({});
    // A long window: the deleted keys must not wait for it.
    const invalidator = new CloudFrontInvalidator({ distributionId: "E2TAKEDOWN", client: new CloudFrontClient({ region: "us-east-1" }), windowMs: 600_000, pathPrefix: "site" });
    const { blog, entries } = await liveBlogWith(numbered(51));
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    const oldPageKey = `liveblogs/${blog.slug}/${(await readHead(blog.slug))!.pages[0]!.path}`;
    await database.$transaction((tx) => editEntryInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, entryId: entries[0]!.id, baseVersion: 1, body: "<p>Corrected</p>" } }));
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher, takedownGraceMs: 0 });

    const pass = await deleteSupersededObjects({ database, publisher, invalidate: (keys) => void invalidator.invalidateDeleted(keys) });
    expect(pass.deleted).toEqual([oldPageKey]);
    await vi.waitFor(() => expect(cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(1));
    expect(cloudFront.commandCalls(CreateInvalidationCommand)[0]!.args[0].input).toEqual({
      DistributionId: "E2TAKEDOWN",
      InvalidationBatch: { CallerReference: expect.stringMatching(/^ballast-\d+-[0-9a-f]{16}$/), Paths: { Quantity: 1, Items: [`/site/${oldPageKey}`] } },
    });
    await invalidator.close();
  });

  it("retries a failed delete with backoff and never blocks publishing meanwhile", async () => {
    let failures = 1;
    const flaky: Publisher = {
      description: "flaky deletes",
      put: (object) => publisher.put(object),
      get: (key) => publisher.get(key),
      delete: async (key) => {
        if (failures-- > 0) throw new Error("S3 503 Slow Down");
        await publisher.delete(key);
      },
    };
    const { blog, entries } = await liveBlogWith(numbered(51));
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher: flaky });
    const oldPageKey = `liveblogs/${blog.slug}/${(await readHead(blog.slug))!.pages[0]!.path}`;
    await database.$transaction((tx) => deleteEntryInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, entryId: entries[0]!.id, baseVersion: 1 } }));
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher: flaky, takedownGraceMs: 0 });

    expect(await deleteSupersededObjects({ database, publisher: flaky, invalidate: () => undefined })).toMatchObject({ deleted: [], failed: [oldPageKey] });
    expect(await listRetiredKeys(database, { kind: "liveblog", documentId: blog.id })).toEqual([expect.objectContaining({ key: oldPageKey, attempts: 1, lastError: "S3 503 Slow Down" })]);
    expect((await fetchObject(oldPageKey)).status).toBe(200);
    // Publishing goes on while the delete waits for its retry.
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Still publishing</p>" } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher: flaky })).toMatchObject({ status: "published" });

    await expect.poll(async () => (await deleteSupersededObjects({ database, publisher: flaky, invalidate: () => undefined })).deleted, { timeout: 10_000 }).toEqual([oldPageKey]);
    expect((await fetchObject(oldPageKey)).status).toBe(404);
  });
});

describe("drafts are private (real Postgres, file target)", () => {
  it("a new blog starts as a draft, and a draft blog has no published objects", async () => {
    const blog = await createLiveBlog(database, { actorId: editorId, input: { title: "Not yet", slug: slugOf() } });
    expect(blog.status).toBe("draft");
    expect(blog.coverageStartedAt).toBeNull();
    for (const body of numbered(52)) await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "withdrawn", keys: [] });
    expect(objectsOf(blog.slug)).toEqual([]);
    expect((await fetchObject(liveBlogHeadKey(blog.slug))).status).toBe(404);
    expect((await fetchObject(liveBlogPageKey(blog.slug))).status).toBe(404);
    expect(await database.publishLog.count({ where: { documentId: blog.id } })).toBe(0);
  });

  it("going live publishes; back to draft removes the head, the static page and every archive page", async () => {
    const { blog } = await liveBlogWith(numbered(52), "draft");
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "withdrawn" });
    expect(objectsOf(blog.slug)).toEqual([]);

    await database.$transaction((tx) => updateLiveBlogInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, status: "live" } }));
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "published" });
    const head = (await readHead(blog.slug))!;
    expect(head.liveblog.status).toBe("live");
    expect(head.totalEntries).toBe(52);
    const pageKey = `liveblogs/${blog.slug}/${head.pages[0]!.path}`;
    expect(objectsOf(blog.slug).sort()).toEqual([liveBlogPageKey(blog.slug), liveBlogHeadKey(blog.slug), pageKey].sort());

    await database.$transaction((tx) => updateLiveBlogInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, status: "draft" } }));
    const withdrawn = await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    expect(withdrawn).toMatchObject({ status: "withdrawn" });
    expect(withdrawn.status === "withdrawn" ? [...withdrawn.keys].sort() : []).toEqual([liveBlogPageKey(blog.slug), liveBlogHeadKey(blog.slug), pageKey].sort());
    const invalidated: string[] = [];
    await deleteSupersededObjects({ database, publisher, invalidate: (keys) => invalidated.push(...keys) });
    expect(objectsOf(blog.slug)).toEqual([]);
    expect(invalidated.sort()).toEqual([liveBlogPageKey(blog.slug), liveBlogHeadKey(blog.slug), pageKey].sort());
    for (const key of [liveBlogHeadKey(blog.slug), liveBlogPageKey(blog.slug), pageKey]) expect((await fetchObject(key)).status).toBe(404);
    // Saves while it is a draft publish nothing.
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Written in private</p>" } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "withdrawn", keys: [] });
    expect(objectsOf(blog.slug)).toEqual([]);
  });

  it("a blog back live before its withdrawal was swept keeps every object its new head names", async () => {
    const { blog } = await liveBlogWith(numbered(51));
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    await database.$transaction((tx) => updateLiveBlogInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, status: "draft" } }));
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "withdrawn" });
    await database.$transaction((tx) => updateLiveBlogInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, status: "live" } }));
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "published" });
    // The keys scheduled by the withdrawal were taken back by the publish that names them again.
    expect(await listRetiredKeys(database, { kind: "liveblog", documentId: blog.id })).toEqual([]);
    await deleteSupersededObjects({ database, publisher, invalidate: () => undefined });
    const head = (await readHead(blog.slug))!;
    for (const key of [liveBlogPageKey(blog.slug), ...head.pages.map((ref) => `liveblogs/${blog.slug}/${ref.path}`)]) expect((await fetchObject(key)).status).toBe(200);
  });

  it("a post to a draft blog is saved, not public: its author is told so instead of waiting for a publish", async () => {
    const liveBlogId = randomUUID();
    const envelope = (command: Parameters<typeof applyCommand>[1]["command"]) => ({ v: 1 as const, id: randomUUID(), actorId: editorId, issuedAt: new Date().toISOString(), command });
    await applyCommand(database, envelope({ type: "liveblog.create", liveBlogId, input: { title: "Queued draft", slug: slugOf(), description: "" } }));
    expect((await database.liveBlog.findUniqueOrThrow({ where: { id: liveBlogId } })).status).toBe("draft");
    const post = envelope({ type: "entry.create", entryId: randomUUID(), input: { liveBlogId, body: "<p>Private for now</p>" } });
    await applyCommand(database, post);
    await publishLiveBlog(database, { liveBlogId, publisher });
    expect(await getCommandStatus(database, { id: post.id, actorId: editorId, canSeeAll: false })).toEqual({ status: "applied", version: 2, notPublic: true });

    await applyCommand(database, envelope({ type: "liveblog.update", input: { liveBlogId, status: "live" } }));
    await publishLiveBlog(database, { liveBlogId, publisher });
    expect(await getCommandStatus(database, { id: post.id, actorId: editorId, canSeeAll: false })).toMatchObject({ status: "published", version: 2 });
  });
});

describe("review fixes: rollbacks, withdrawals and leases (real Postgres, file target)", () => {
  const deleteEntry = (liveBlogId: string, entryId: string) => database.$transaction((tx) => deleteEntryInTx(tx, { actorId: editorId, input: { liveBlogId, entryId, baseVersion: 1 } }));
  const pageKeysOf = async (slug: string) => (await readHead(slug))!.pages.map((ref) => `liveblogs/${slug}/${ref.path}`);

  it("a delete while a rollback is in force reaches readers: the rollback is run again without the entry, its old page retired", async () => {
    const { blog, entries } = await liveBlogWith(numbered(55, (seq) => (seq === 3 ? "<p>DELETED-WHILE-ROLLED-BACK in a page</p>" : seq === 54 ? "<p>DELETED-WHILE-ROLLED-BACK in the head</p>" : `<p>Update ${seq}</p>`)));
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    const target = (await readHead(blog.slug))!.version;
    const [oldPageKey] = await pageKeysOf(blog.slug);
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>A mistake</p>" } });
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    await requestRollback(database, { actorId: editorId, input: { documentId: blog.id, toVersion: target } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "rolled-back", toVersion: target });
    const rolledBackVersion = (await readHead(blog.slug))!.version;
    expect(JSON.stringify(await readHead(blog.slug))).toContain("DELETED-WHILE-ROLLED-BACK");

    await deleteEntry(blog.id, entries[2]!.id);
    await deleteEntry(blog.id, entries[53]!.id);
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher, takedownGraceMs: 0 })).toMatchObject({ status: "rolled-back", toVersion: target });
    const head = (await readHead(blog.slug))!;
    expect(head.rolledBackTo).toBe(target);
    expect(head.version).toBeGreaterThan(rolledBackVersion);
    expect(head.entries.map((entry) => entry.seq)).not.toContain(54);
    expect(head.entries.map((entry) => entry.html).join("\n")).not.toContain("A mistake");
    expect(JSON.stringify(head)).not.toContain("DELETED-WHILE-ROLLED-BACK");
    expect((await fetchObject(liveBlogPageKey(blog.slug))).text).not.toContain("DELETED-WHILE-ROLLED-BACK");
    expect(await pageKeysOf(blog.slug)).not.toContain(oldPageKey);
    expect((await listRetiredKeys(database, { kind: "liveblog", documentId: blog.id })).map((row) => row.key)).toContain(oldPageKey);
    await deleteSupersededObjects({ database, publisher, invalidate: () => undefined });
    expect((await fetchObject(oldPageKey!)).status).toBe(404);
    for (const key of await pageKeysOf(blog.slug)) expect((await fetchObject(key)).text).not.toContain("DELETED-WHILE-ROLLED-BACK");
    // Nothing else changed for readers: the next publish is paused again.
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Held back</p>" } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toEqual({ status: "paused", rolledBackToVersion: target });
    expect((await readHead(blog.slug))!.version).toBe(head.version);
  });

  it("a rollback never brings back an edit's old text: entries edited since show today's text", async () => {
    const { blog, entries } = await liveBlogWith(["<p>Update 1</p>", "<p>DEFAMATORY claim</p>"]);
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    const target = (await readHead(blog.slug))!.version;
    await database.$transaction((tx) => editEntryInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, entryId: entries[1]!.id, baseVersion: 1, body: "<p>Corrected claim</p>" } }));
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Later post</p>" } });
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });

    await requestRollback(database, { actorId: editorId, input: { documentId: blog.id, toVersion: target } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "rolled-back", toVersion: target });
    const head = (await readHead(blog.slug))!;
    expect(head.entries.map((entry) => entry.html)).toEqual(["<p>Corrected claim</p>", "<p>Update 1</p>"]);
    expect(head.entries[0]!.edited).toBe(true);
    expect(JSON.stringify(head)).not.toContain("DEFAMATORY");
    expect((await fetchObject(liveBlogPageKey(blog.slug))).text).not.toContain("DEFAMATORY");
  });

  it("withdrawing deletes what an unrecorded publish uploaded (its record step failed)", async () => {
    const { blog } = await liveBlogWith(numbered(3));
    // The record fails: the lease is taken away after the last upload, so nothing is recorded.
    const unrecorded: Publisher = {
      description: "record fails",
      put: async (object) => {
        await publisher.put(object);
        if (object.key === liveBlogPageKey(blog.slug)) {
          await database.$executeRaw`UPDATE published_documents SET lease_token = lease_token + 1, lease_until = NULL WHERE kind = 'liveblog' AND document_id = ${blog.id}`;
        }
      },
      get: (key) => publisher.get(key),
      delete: (key) => publisher.delete(key),
    };
    await expect(publishLiveBlog(database, { liveBlogId: blog.id, publisher: unrecorded })).rejects.toBeInstanceOf(LeaseLostError);
    expect(await database.publishLog.count({ where: { documentId: blog.id } })).toBe(0);
    expect(objectsOf(blog.slug).sort()).toEqual([liveBlogPageKey(blog.slug), liveBlogHeadKey(blog.slug)].sort());

    await database.$transaction((tx) => updateLiveBlogInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, status: "draft" } }));
    const withdrawn = await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    expect(withdrawn).toMatchObject({ status: "withdrawn" });
    expect(withdrawn.status === "withdrawn" ? [...withdrawn.keys].sort() : []).toEqual([liveBlogPageKey(blog.slug), liveBlogHeadKey(blog.slug)].sort());
    await deleteSupersededObjects({ database, publisher, invalidate: () => undefined });
    expect(objectsOf(blog.slug)).toEqual([]);
    // Withdrawn now: later saves to the draft remove nothing more (nothing can be out).
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Private</p>" } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "withdrawn", keys: [] });
  });

  it("the takedown sweep counts a missing object as deleted (a 404 from the store)", async () => {
    const { blog } = await liveBlogWith(numbered(2));
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    const strict: Publisher = {
      description: "404 on a missing key",
      put: (object) => publisher.put(object),
      get: (key) => publisher.get(key),
      delete: async (key) => {
        if (!(await publisher.get(key))) throw Object.assign(new Error("NoSuchKey"), { name: "NoSuchKey", $metadata: { httpStatusCode: 404 } });
        await publisher.delete(key);
      },
    };
    fs.rmSync(path.join(publicDir, liveBlogPageKey(blog.slug)));
    await database.$transaction((tx) => updateLiveBlogInTx(tx, { actorId: editorId, input: { liveBlogId: blog.id, status: "draft" } }));
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher: strict })).toMatchObject({ status: "withdrawn" });
    const pass = await deleteSupersededObjects({ database, publisher: strict, invalidate: () => undefined });
    expect(pass.failed).toEqual([]);
    expect(pass.deleted.sort()).toEqual([liveBlogPageKey(blog.slug), liveBlogHeadKey(blog.slug)].sort());
    expect(await listRetiredKeys(database, { kind: "liveblog", documentId: blog.id })).toEqual([]);
  });

  it("a head written after the lease was lost queues a republish, so the newest state is written again", async () => {
    const { blog } = await liveBlogWith(["<p>First</p>"]);
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Second</p>" } });
    let stolen = false;
    // Slow on the head: meanwhile its lease runs out, another worker publishes a newer state and finishes every job;
    // then this stale head lands.
    const slowHead: Publisher = {
      description: "slow head",
      put: async (object) => {
        if (object.key === liveBlogHeadKey(blog.slug) && !stolen) {
          stolen = true;
          await database.$executeRaw`UPDATE published_documents SET lease_until = now() - interval '1 second' WHERE kind = 'liveblog' AND document_id = ${blog.id}`;
          await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Third</p>" } });
          expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher, waitForLock: false })).toMatchObject({ status: "published" });
          expect((await readHead(blog.slug))!.entries[0]!.html).toBe("<p>Third</p>");
        }
        await publisher.put(object);
      },
      get: (key) => publisher.get(key),
      delete: (key) => publisher.delete(key),
    };
    await expect(publishLiveBlog(database, { liveBlogId: blog.id, publisher: slowHead })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await readHead(blog.slug))!.entries[0]!.html).toBe("<p>Second</p>");
    expect(await database.publishJob.count({ where: { documentId: blog.id, status: "pending", action: "republish" } })).toBe(1);
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "published" });
    expect((await readHead(blog.slug))!.entries[0]!.html).toBe("<p>Third</p>");
  });

  it("findDueDocuments skips a document whose lease another worker holds", async () => {
    const { blog } = await liveBlogWith(["<p>Pending</p>"]);
    const isDue = async () => (await findDueDocuments(database, 10_000)).due.some((row) => row.documentId === blog.id);
    expect(await isDue()).toBe(true);
    // Another worker's live lease.
    const leased = await database.$executeRaw`
      INSERT INTO published_documents (kind, document_id, lease_token, lease_until) VALUES ('liveblog', ${blog.id}, 1, now() + interval '1 minute')
      ON CONFLICT (kind, document_id) DO UPDATE SET lease_until = EXCLUDED.lease_until`;
    expect(leased).toBe(1);
    expect(await isDue()).toBe(false);
    await database.$executeRaw`UPDATE published_documents SET lease_until = now() - interval '1 second' WHERE kind = 'liveblog' AND document_id = ${blog.id}`;
    expect(await isDue()).toBe(true);
  });
});
