// The emergency notice goes out with no database at all (queued, then written straight to the target), and is
// recorded once, with an audit row and a banner-set publish job, when a worker applies it. Its own database: the
// banner set is one row, and other test files must not publish it meanwhile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { runApplyWorker } from "../commands/run-apply-worker";
import { createDb, type Db } from "../db";
import { AppError } from "../errors";
import { publishDocument } from "../publishing/publish-document";
import { LocalQueue } from "../queue/local-queue";
import { ZBannerSetHeadSchema } from "../render/render-banner-set";
import type { Queue } from "../queue/types";
import { BANNER_SET_KIND, BANNERS_HEAD_KEY, MAIN_BANNER_SET_ID, NOTICE_KEY } from "./constants";
import { issueEmergencyNotice, readPublishedNotice } from "./emergency-notice";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-notice-"));
const queues: LocalQueue[] = [];
let database: Db;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-notice" });
  dropDatabase = fresh.drop;
  database = createDb(fresh.url);
});

const testDb = () => database;
const createTestUser = (options: { role: "admin" | "editor" }) =>
  database.user.create({ data: { email: `notice-${randomUUID()}@example.com`, name: "Notice admin", role: options.role, passwordHash: "unused" } });

function freshTarget() {
  const dir = fs.mkdtempSync(path.join(root, "target-"));
  const queue = new LocalQueue({ file: path.join(dir, "commands.sqlite") });
  queues.push(queue);
  return { queue, publisher: new FilePublisher(path.join(dir, "public")) };
}

afterAll(async () => {
  await Promise.all(queues.map((queue) => queue.close()));
  await database.$disconnect();
  await dropDatabase();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("the emergency notice", () => {
  it("is written to the target and queued without touching the database, then recorded once with an audit row and a banner-set publish job", async () => {
    const { queue, publisher } = freshTarget();
    const admin = await createTestUser({ role: "admin" });
    // No database is passed or reachable from here: the use case needs only the queue and the publisher.
    const issued = await issueEmergencyNotice({ actorId: admin.id, input: { message: "  New updates are delayed;\n we are working on it  " } }, { queue, publisher });
    expect(issued).toMatchObject({ written: true, skippedForNewer: false });
    const published = await readPublishedNotice(publisher);
    expect(published?.notice).toEqual({ id: issued.noticeId, message: "New updates are delayed; we are working on it", issuedAt: issued.issuedAt });
    expect(published?.version).toBe(Date.parse(issued.issuedAt));
    const stored = await publisher.get(NOTICE_KEY);
    expect(stored).not.toBeNull();
    expect((await queue.stats()).depth).toBe(1);

    const jobsBefore = await testDb().publishJob.count({ where: { documentType: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID } });
    const controller = new AbortController();
    const applied: string[] = [];
    const worker = runApplyWorker({ database: testDb(), queue, signal: controller.signal, workerId: "notice-test", onApplied: (message) => applied.push(message.id) });
    try {
      await expect.poll(() => applied.length, { timeout: 15_000 }).toBe(1);
    } finally {
      controller.abort();
      await worker;
    }
    const row = await testDb().emergencyNotice.findUnique({ where: { id: issued.noticeId } });
    expect(row).toMatchObject({ message: "New updates are delayed; we are working on it", issuedById: admin.id });
    expect(row!.issuedAt.toISOString()).toBe(issued.issuedAt);
    expect(await testDb().auditLog.count({ where: { subjectType: "notice", subjectId: issued.noticeId, action: "notice.publish", actorId: admin.id } })).toBe(1);
    expect(await testDb().publishJob.count({ where: { documentType: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID } })).toBe(jobsBefore + 1);

    // The workers' publish carries the recorded notice in the banner set's head (never writing notice.json itself).
    const noticeBefore = (await publisher.get(NOTICE_KEY))!.body.toString("utf8");
    expect(await publishDocument(testDb(), { kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, publisher, waitForLease: true })).toMatchObject({ status: "published" });
    const head = ZBannerSetHeadSchema.parse(JSON.parse((await publisher.get(BANNERS_HEAD_KEY))!.body.toString("utf8")));
    expect(head.notice).toEqual({ id: issued.noticeId, message: "New updates are delayed; we are working on it", issuedAt: issued.issuedAt });
    expect((await publisher.get(NOTICE_KEY))!.body.toString("utf8")).toBe(noticeBefore);
  });

  it("clears with an empty message (recorded as notice.clear), and never replaces a newer notice already on the target", async () => {
    const { queue, publisher } = freshTarget();
    const admin = await createTestUser({ role: "admin" });
    const later = new Date("2031-01-01T12:00:00Z");
    await issueEmergencyNotice({ actorId: admin.id, input: { message: "Polls stay open late" } }, { queue, publisher, now: () => later });
    const older = await issueEmergencyNotice({ actorId: admin.id, input: { message: "An older clock's notice" } }, { queue, publisher, now: () => new Date(later.getTime() - 60_000) });
    expect(older).toMatchObject({ written: false, skippedForNewer: true });
    expect((await readPublishedNotice(publisher))?.notice?.message).toBe("Polls stay open late");

    const cleared = await issueEmergencyNotice({ actorId: admin.id, input: { message: "" } }, { queue, publisher, now: () => new Date(later.getTime() + 1_000) });
    expect(cleared.written).toBe(true);
    expect((await readPublishedNotice(publisher))?.notice).toMatchObject({ message: "", id: cleared.noticeId });
    // All three are queued: the history keeps the skipped one too.
    expect((await queue.stats()).depth).toBe(3);
  });

  it("refuses a message with a NUL, a lone surrogate or over 280 characters, naming the field, and writes nothing", async () => {
    const { queue, publisher } = freshTarget();
    const admin = await createTestUser({ role: "admin" });
    for (const message of ["bad\u0000text", "broken \uD800 text", "x".repeat(281)]) {
      const error = await issueEmergencyNotice({ actorId: admin.id, input: { message } }, { queue, publisher }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ issues: [expect.objectContaining({ path: ["message"] })] });
    }
    expect(await publisher.get(NOTICE_KEY)).toBeNull();
    expect((await queue.stats()).depth).toBe(0);
  });

  it("writes nothing when the queue refuses it (the record comes first), and says so when the target refuses after queueing", async () => {
    const { publisher } = freshTarget();
    const admin = await createTestUser({ role: "admin" });
    const brokenQueue = { send: async () => { throw new Error("disk full"); } } as unknown as Queue;
    await expect(issueEmergencyNotice({ actorId: admin.id, input: { message: "Not recorded" } }, { queue: brokenQueue, publisher })).rejects.toThrow("disk full");
    expect(await publisher.get(NOTICE_KEY)).toBeNull();

    const { queue } = freshTarget();
    const brokenTarget = { description: "broken", get: async () => null, put: async () => { throw new Error("503 Slow Down"); }, delete: async () => undefined };
    const error = await issueEmergencyNotice({ actorId: admin.id, input: { message: "Queued only" } }, { queue, publisher: brokenTarget }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unavailable");
    expect((error as AppError).message).toMatch(/queued/);
    expect((await queue.stats()).depth).toBe(1);
  });
});
