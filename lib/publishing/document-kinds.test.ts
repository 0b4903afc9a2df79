// A second kind of document, defined here and nowhere else, flows through the same write queue, apply worker,
// publish worker, republish and rollback as live blogs; under load neither kind starves the other.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { recordAudit } from "../audit/record-audit";
import { defineCommand } from "../commands/define-command";
import { registerCommand } from "../commands/registry";
import { runApplyWorker } from "../commands/run-apply-worker";
import { sendCommand } from "../commands/send-command";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { postEntry } from "../liveblogs/post-entry";
import { LocalQueue } from "../queue/local-queue";
import { ZLiveBlogHeadSchema } from "../render/schemas";
import { defineDocument } from "./define-document";
import { registerDocumentKind } from "./document-registry";
import { enqueuePublish } from "./enqueue-publish";
import { publishDocument } from "./publish-document";
import { liveBlogHeadKey } from "./publish-liveblog";
import { requestRepublish } from "./request-republish";
import { requestRollback } from "./request-rollback";
import { resumePublishing } from "./resume-publishing";
import { publishNextDocument, runPublishWorker } from "./run-publish-worker";

const KIND = `notice-${uniqueSuffix()}`;
const TABLE = `test_notices_${uniqueSuffix().replace(/-/g, "")}`;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-kinds-"));
const publicDir = path.join(root, "public");
const publisher = new FilePublisher(publicDir);
const noticeKey = (id: string) => `${KIND}/${id}/latest.json`;
const ZNoticeHeadSchema = z.object({ schema: z.literal(1), version: z.number(), publishedAt: z.string(), text: z.string(), rolledBackTo: z.number().optional() });

type TNoticeSnapshot = { version: number; id: string; text: string };

// The whole new kind: one command and one document definition, registered in one line each.
const setNotice = defineCommand({
  type: `${KIND}.set`,
  version: 1,
  summary: "Set a notice's text.",
  permission: "liveblog:edit",
  input: z.object({ noticeId: z.uuid(), text: z.string().trim().min(1).max(500) }),
  documentOf: (message) => ({ kind: KIND, id: message.input.noticeId }),
  apply: async (tx, { actor, message }) => {
    const [row] = await tx.$queryRawUnsafe<{ version: number }[]>(
      `INSERT INTO ${TABLE} (id, text, version) VALUES ($1::uuid, $2, 1)
       ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, version = ${TABLE}.version + 1 RETURNING version`,
      message.input.noticeId,
      message.input.text,
    );
    await recordAudit(tx, { actorId: actor.id, action: `${KIND}.set`, subjectType: KIND, subjectId: message.input.noticeId });
    await enqueuePublish(tx, { documentType: KIND, documentId: message.input.noticeId, version: row!.version });
    return { version: row!.version };
  },
});

const noticeDocument = defineDocument<TNoticeSnapshot>({
  kind: KIND,
  loadSnapshot: async (database, id) => {
    const [row] = await database.$queryRawUnsafe<TNoticeSnapshot[]>(`SELECT id::text AS id, text, version FROM ${TABLE} WHERE id = $1::uuid`, id);
    return row ?? null;
  },
  render: (snapshot, context) => {
    const head = { key: noticeKey(snapshot.id), body: JSON.stringify({ schema: 1, version: snapshot.version, publishedAt: context.publishedAt.toISOString(), text: snapshot.text }) };
    return { objects: [head], head };
  },
  renderRollback: (storedHead, context) => {
    const stored = ZNoticeHeadSchema.parse(JSON.parse(storedHead));
    const body = JSON.stringify({ ...stored, version: context.version, publishedAt: context.publishedAt.toISOString(), rolledBackTo: context.toVersion });
    const id = noticeIdOfHead.get(storedHead)!;
    return { objects: [{ key: noticeKey(id), body }], head: { key: noticeKey(id), body } };
  },
  bumpVersion: async (tx, id) => {
    const [row] = await tx.$queryRawUnsafe<{ version: number }[]>(`UPDATE ${TABLE} SET version = version + 1 WHERE id = $1::uuid RETURNING version`, id);
    return row?.version ?? null;
  },
});
// The test's heads do not name their notice; remember which notice each published head belongs to.
const noticeIdOfHead = new Map<string, string>();
const rememberHeads = () => {
  for (const file of fs.existsSync(path.join(publicDir, KIND)) ? fs.readdirSync(path.join(publicDir, KIND)) : []) {
    noticeIdOfHead.set(fs.readFileSync(path.join(publicDir, KIND, file, "latest.json"), "utf8"), file);
  }
};

function readNotice(id: string) {
  const file = path.join(publicDir, noticeKey(id));
  return fs.existsSync(file) ? ZNoticeHeadSchema.parse(JSON.parse(fs.readFileSync(file, "utf8"))) : null;
}

function readBlogHead(slug: string) {
  const file = path.join(publicDir, liveBlogHeadKey(slug));
  return fs.existsSync(file) ? ZLiveBlogHeadSchema.parse(JSON.parse(fs.readFileSync(file, "utf8"))) : null;
}

beforeAll(async () => {
  await testDb().$executeRawUnsafe(`CREATE TABLE ${TABLE} (id uuid PRIMARY KEY, text text NOT NULL, version int NOT NULL)`);
  registerCommand(setNotice);
  registerDocumentKind(noticeDocument);
});

afterAll(async () => {
  await testDb().$executeRawUnsafe(`DROP TABLE IF EXISTS ${TABLE}`);
  fs.rmSync(root, { recursive: true, force: true });
});

describe("a second document kind, registered by a test", () => {
  it("flows through the queue, the apply worker and the publish worker beside live blogs, both kinds under load", async () => {
    const editor = await createTestUser({ role: "editor" });
    const queue = new LocalQueue({ file: path.join(root, `queue-${uniqueSuffix()}.sqlite`) });
    const blogs = await Promise.all(Array.from({ length: 5 }, (_, index) => createLiveBlog(testDb(), { actorId: editor.id, input: { title: `Load ${index}`, slug: `kinds-${uniqueSuffix()}`, status: "live" } })));
    const notices = Array.from({ length: 5 }, () => randomUUID());
    const controller = new AbortController();
    const workers = Promise.all([
      runApplyWorker({ database: testDb(), queue, signal: controller.signal }),
      runPublishWorker({ database: testDb(), publisher, pollMs: 20, concurrency: 2, signal: controller.signal }),
    ]);
    try {
      // 200 commands, interleaved: 20 entries per blog and 20 versions per notice.
      for (let round = 1; round <= 20; round++) {
        for (const blog of blogs) await sendCommand(queue, { actorId: editor.id, command: { type: "entry.create", input: { liveBlogId: blog.id, body: `Entry ${round}` } } });
        for (const noticeId of notices) await sendCommand(queue, { actorId: editor.id, command: { type: `${KIND}.set`, input: { noticeId, text: `Notice ${round}` } } });
      }
      for (const noticeId of notices) await expect.poll(() => readNotice(noticeId)?.text, { timeout: 30_000 }).toBe("Notice 20");
      for (const blog of blogs) await expect.poll(() => readBlogHead(blog.slug)?.entries[0]?.html, { timeout: 30_000 }).toBe("Entry 20");
    } finally {
      controller.abort();
      await workers;
      await queue.close();
    }
    for (const noticeId of notices) expect(readNotice(noticeId)?.version).toBe(20);
    for (const blog of blogs) expect(readBlogHead(blog.slug)?.totalEntries).toBe(20);
    const applied = await testDb().command.count({ where: { type: `${KIND}.set`, status: "applied", documentKind: KIND } });
    expect(applied).toBe(100);
    expect(await testDb().auditLog.count({ where: { action: `${KIND}.set`, actorId: editor.id } })).toBe(100);
  }, 120_000);

  it("does not let a backlog of one kind starve another: a newer job of the other kind goes out within the first passes", async () => {
    const editor = await createTestUser({ role: "editor" });
    // 30 live blogs with jobs older than the notice's.
    const blogs = [];
    for (let index = 0; index < 30; index++) {
      const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: `Backlog ${index}`, slug: `backlog-${uniqueSuffix()}`, status: "live" } });
      await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Old news" } });
      blogs.push(blog);
    }
    const noticeId = randomUUID();
    const queue = new LocalQueue({ file: path.join(root, `queue-${uniqueSuffix()}.sqlite`) });
    await sendCommand(queue, { actorId: editor.id, command: { type: `${KIND}.set`, input: { noticeId, text: "Urgent" } } });
    const controller = new AbortController();
    const applier = runApplyWorker({ database: testDb(), queue, signal: controller.signal });
    await expect.poll(() => testDb().publishJob.count({ where: { documentType: KIND, documentId: noticeId } }), { timeout: 10_000 }).toBe(1);
    controller.abort();
    await applier;
    await queue.close();

    const turns = { lastKind: null };
    let passes = 0;
    while (!readNotice(noticeId) && passes < 40) {
      await publishNextDocument({ database: testDb(), publisher, turns });
      passes++;
    }
    expect(readNotice(noticeId)?.text).toBe("Urgent");
    // Oldest-first across kinds would publish it after every backlog blog (31 passes); kinds take turns instead.
    expect(passes).toBeLessThanOrEqual(2);
    while ((await publishNextDocument({ database: testDb(), publisher, turns })).didWork);
    for (const blog of blogs) expect(readBlogHead(blog.slug)?.entries[0]?.html).toBe("Old news");
  }, 120_000);

  it("republishes, rolls back and resumes a document of the new kind through worker jobs", async () => {
    const editor = await createTestUser({ role: "editor" });
    const queue = new LocalQueue({ file: path.join(root, `queue-${uniqueSuffix()}.sqlite`) });
    const noticeId = randomUUID();
    const controller = new AbortController();
    const applier = runApplyWorker({ database: testDb(), queue, signal: controller.signal });
    const publish = () => publishDocument(testDb(), { kind: KIND, documentId: noticeId, publisher, waitForLease: true });
    try {
      await sendCommand(queue, { actorId: editor.id, command: { type: `${KIND}.set`, input: { noticeId, text: "Polls open at 7" } } });
      await expect.poll(() => testDb().publishJob.count({ where: { documentType: KIND, documentId: noticeId } }), { timeout: 10_000 }).toBe(1);
      expect(await publish()).toMatchObject({ status: "published", version: 1 });
      rememberHeads();
      await sendCommand(queue, { actorId: editor.id, command: { type: `${KIND}.set`, input: { noticeId, text: "Polls open at 8 (wrong)" } } });
      await expect.poll(() => testDb().publishJob.count({ where: { documentType: KIND, documentId: noticeId } }), { timeout: 10_000 }).toBe(2);
      expect(await publish()).toMatchObject({ status: "published", version: 2 });
    } finally {
      controller.abort();
      await applier;
      await queue.close();
    }

    await requestRepublish(testDb(), { actorId: editor.id, kind: KIND, documentId: noticeId });
    expect(await publish()).toMatchObject({ status: "published", version: 2 });
    expect((await testDb().publishLog.findFirstOrThrow({ where: { documentType: KIND, documentId: noticeId }, orderBy: { id: "desc" } })).kind).toBe("republish");

    await requestRollback(testDb(), { actorId: editor.id, input: { kind: KIND, documentId: noticeId, toVersion: 1 } });
    expect(await publish()).toMatchObject({ status: "rolled-back", version: 3, toVersion: 1 });
    expect(readNotice(noticeId)).toMatchObject({ text: "Polls open at 7", version: 3, rolledBackTo: 1 });
    // While rolled back, publishing waits for an editor to resume it.
    expect(await publish()).toEqual({ status: "paused", rolledBackToVersion: 1 });

    await resumePublishing(testDb(), { actorId: editor.id, kind: KIND, documentId: noticeId });
    expect(await publish()).toMatchObject({ status: "published", version: 4 });
    expect(readNotice(noticeId)).toMatchObject({ text: "Polls open at 8 (wrong)", version: 4 });
    expect(readNotice(noticeId)?.rolledBackTo).toBeUndefined();
    expect(await testDb().auditLog.count({ where: { subjectId: noticeId, action: { in: [`${KIND}.republish`, `${KIND}.rollback`, `${KIND}.resume-publishing`] } } })).toBe(3);
  }, 60_000);
});
