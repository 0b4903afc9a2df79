// Reader questions end to end below HTTP, on a real Postgres and a real local queue and file target: the public door
// queues, the apply worker's applyCommand stores each question once, moderation publishes and takes down, an answer
// is an entry quoting the question, and the email never leaves the admin.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { applyCommand, parseCommand } from "../commands/apply-command";
import { sendCommand } from "../commands/send-command";
import { createDb, type Db } from "../db";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { liveBlogHeadKey, liveBlogPageKey, publishLiveBlog } from "../publishing/publish-liveblog";
import { requestRollback } from "../publishing/request-rollback";
import { LocalQueue } from "../queue/local-queue";
import { ZLiveBlogHeadSchema } from "../render/schemas";
import { acceptQuestionRequest, newQuestionCounters, type TQuestionEndpoint } from "./accept-question";
import { getQuestionsAdminView } from "./get-questions-admin-view";
import { solveProofOfWork, type TChallenge } from "./proof-of-work";
import { createPublishedQuestionSettings } from "./published-question-settings";
import { SlidingWindowLimiter } from "./sliding-window-limiter";

const EMAIL = "private-reader@example.com";
const SITE = "https://news.example";

let database: Db;
let dropDatabase: () => Promise<void>;
let editorId: string;
let dir: string;
let queue: LocalQueue;
let publisher: FilePublisher;
let endpoint: TQuestionEndpoint;

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-questions" });
  dropDatabase = fresh.drop;
  database = createDb(fresh.url);
  editorId = (await database.user.create({ data: { email: `questions-${randomUUID()}@example.com`, name: "Question editor", role: "editor", passwordHash: "unused" } })).id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-questions-int-"));
  queue = new LocalQueue({ file: path.join(dir, "queue.sqlite"), maxAttempts: 5 });
  publisher = new FilePublisher(path.join(dir, "public"));
  endpoint = {
    queue,
    // The endpoint reads what was published, never Postgres.
    settingsFor: createPublishedQuestionSettings({ readHead: async (slug) => (await publisher.get(liveBlogHeadKey(slug)))?.body.toString("utf8") ?? null, ttlMs: 0 }),
    publicOrigin: "https://cdn.example",
    perAddress: new SlidingWindowLimiter({ limit: 1000, windowMs: 60_000 }),
    perBlog: new SlidingWindowLimiter({ limit: 1000, windowMs: 60_000 }),
    powBits: 4,
    secret: "q".repeat(40),
    counters: newQuestionCounters(),
  };
});

afterAll(async () => {
  await queue.close();
  await database.$disconnect();
  await dropDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What the apply worker does with each queued message: parse and apply, then ack. Returns the outcomes. */
async function drain() {
  const outcomes: string[] = [];
  for (;;) {
    const messages = await queue.receive({ max: 50, visibilityMs: 60_000 });
    if (messages.length === 0) return outcomes;
    for (const message of messages) {
      outcomes.push((await applyCommand(database, parseCommand(message.body))).status);
      await queue.ack(message);
    }
  }
}

async function editorSends(command: unknown) {
  const envelope = await sendCommand(queue, { actorId: editorId, command });
  await drain();
  return envelope;
}

async function publish(liveBlogId: string) {
  await publishLiveBlog(database, { liveBlogId, publisher, takedownGraceMs: 0 });
}

async function readObject(key: string) {
  return (await publisher.get(key))?.body.toString("utf8") ?? null;
}

async function head(slug: string) {
  const text = await readObject(liveBlogHeadKey(slug));
  return text === null ? null : ZLiveBlogHeadSchema.parse(JSON.parse(text));
}

async function liveBlogTakingQuestions() {
  const slug = `questions-${randomUUID().slice(0, 8)}`;
  const blog = await createLiveBlog(database, { actorId: editorId, input: { title: "Questions night", slug, status: "live" } });
  await editorSends({ type: "liveblog.questions", input: { liveBlogId: blog.id, enabled: true, origins: [SITE] } });
  await publish(blog.id);
  return { id: blog.id, slug };
}

async function ask(slug: string, fields: { id?: string; name?: string; text?: string; email?: string; website?: string } = {}) {
  const id = fields.id ?? randomUUID();
  const challenge = (await acceptQuestionRequest({ method: "GET", slug, resource: "challenge", origin: SITE, contentType: null, contentLength: null, clientIp: "203.0.113.1", readBody: async () => "" }, endpoint)).body as TChallenge;
  const body = JSON.stringify({ id, name: "Ada", text: "When do polls close?", ...fields, pow: solveProofOfWork(challenge, id) });
  const answer = await acceptQuestionRequest({ method: "POST", slug, resource: "submit", origin: SITE, contentType: "application/json", contentLength: String(body.length), clientIp: "203.0.113.1", readBody: async () => body }, endpoint);
  expect(answer.status).toBe(202);
  return id;
}

const questionRows = (liveBlogId: string) => database.$queryRaw<{ id: string; status: string; email: string | null }[]>`SELECT id::text AS id, status::text AS status, email FROM reader_questions WHERE live_blog_id = ${liveBlogId}::uuid`;

describe("reader questions (real Postgres, local queue, file target)", () => {
  it("a blog's head says it takes questions, with the endpoint and origins; switched off, the endpoint refuses it", async () => {
    const blog = await liveBlogTakingQuestions();
    expect((await head(blog.slug))!.questions).toEqual({ accepting: true, submitUrl: `http://localhost:3000/api/public/liveblogs/${blog.slug}/questions`, origins: [SITE], items: [] });
    await editorSends({ type: "liveblog.questions", input: { liveBlogId: blog.id, enabled: false, origins: [] } });
    await publish(blog.id);
    expect((await head(blog.slug))!.questions).toBeUndefined();
    const refused = await acceptQuestionRequest({ method: "POST", slug: blog.slug, resource: "submit", origin: SITE, contentType: "application/json", contentLength: "2", clientIp: "203.0.113.1", readBody: async () => "{}" }, endpoint);
    expect(refused.status).toBe(404);
  });

  it("a question posted twice and applied twice is stored once, waiting, with its email for moderators only", async () => {
    const blog = await liveBlogTakingQuestions();
    const id = await ask(blog.slug, { email: EMAIL });
    await ask(blog.slug, { id, email: EMAIL });
    const [message] = await queue.receive({ max: 10, visibilityMs: 1 });
    // A redelivery after a crash: the same command applied again.
    expect((await applyCommand(database, parseCommand(message!.body))).status).toBe("applied");
    expect((await applyCommand(database, parseCommand(message!.body))).status).toBe("duplicate");
    await queue.ack(message!);
    expect(await drain()).toEqual([]);
    expect(await questionRows(blog.id)).toEqual([{ id, status: "waiting", email: EMAIL }]);
    const view = await getQuestionsAdminView({ slug: blog.slug, viewer: { role: "editor" } }, database);
    expect(view.waitingCount).toBe(1);
    expect(view.waiting[0]).toMatchObject({ id, name: "Ada", email: EMAIL, status: "waiting" });
    await expect(getQuestionsAdminView({ slug: blog.slug, viewer: { role: "viewer" } }, database)).rejects.toThrow(/cannot read reader questions/);
    // Waiting questions are never published.
    await publish(blog.id);
    expect((await head(blog.slug))!.questions!.items).toEqual([]);
  });

  it("a filled honeypot stores nothing", async () => {
    const blog = await liveBlogTakingQuestions();
    await ask(blog.slug, { website: "http://bot.example" });
    await drain();
    expect(await questionRows(blog.id)).toEqual([]);
  });

  it("approving publishes the name and text, never the email; rejecting after approval takes it out of every object, and a rollback does not bring it back", async () => {
    const blog = await liveBlogTakingQuestions();
    const id = await ask(blog.slug, { name: "Grace", text: "APPROVED-THEN-REJECTED question?", email: EMAIL });
    await drain();
    await editorSends({ type: "question.moderate", input: { liveBlogId: blog.id, questionId: id, decision: "approve" } });
    await publish(blog.id);
    const approved = (await head(blog.slug))!;
    expect(approved.questions!.items).toEqual([{ id, name: "Grace", text: "APPROVED-THEN-REJECTED question?", status: "approved", answerEntryId: null, receivedAt: expect.any(String) }]);
    const approvedVersion = approved.version;
    for (const key of [liveBlogHeadKey(blog.slug), liveBlogPageKey(blog.slug)]) expect(await readObject(key)).not.toContain(EMAIL);

    await editorSends({ type: "question.moderate", input: { liveBlogId: blog.id, questionId: id, decision: "reject" } });
    await publish(blog.id);
    expect(JSON.stringify(await head(blog.slug))).not.toContain("APPROVED-THEN-REJECTED");
    expect(await readObject(liveBlogPageKey(blog.slug))).not.toContain("APPROVED-THEN-REJECTED");

    await requestRollback(database, { actorId: editorId, input: { documentId: blog.id, toVersion: approvedVersion } });
    await publish(blog.id);
    const rolledBack = (await head(blog.slug))!;
    expect(rolledBack.rolledBackTo).toBe(approvedVersion);
    expect(JSON.stringify(rolledBack)).not.toContain("APPROVED-THEN-REJECTED");

    const audit = await database.$queryRaw<{ action: string; details: unknown }[]>`SELECT action, details FROM audit_log WHERE subject_id = ${id} ORDER BY id`;
    expect(audit.map((row) => row.action)).toEqual(["question.approve", "question.reject"]);
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
    expect(JSON.stringify(audit)).not.toContain("APPROVED-THEN-REJECTED");
  });

  it("an answer is an entry quoting the question as text, and the question is published as answered", async () => {
    const blog = await liveBlogTakingQuestions();
    const id = await ask(blog.slug, { name: "<b>Mallory</b>", text: "Is <img src=x onerror=alert(1)> safe?" });
    await drain();
    const envelope = await editorSends({ type: "question.answer", input: { liveBlogId: blog.id, questionId: id, body: "<p>Yes, it is shown as text.</p>" } });
    const entryId = (envelope.command as { entryId: string }).entryId;
    await publish(blog.id);
    const published = (await head(blog.slug))!;
    const entry = published.entries.find((candidate) => candidate.id === entryId)!;
    expect(entry.html).toContain("<blockquote><p>Is &lt;img src=x onerror=alert(1)&gt; safe?</p><p>— &lt;b&gt;Mallory&lt;/b&gt;</p></blockquote>");
    expect(entry.html).toContain("<p>Yes, it is shown as text.</p>");
    expect(published.questions!.items).toEqual([expect.objectContaining({ id, status: "answered", answerEntryId: entryId, text: "Is <img src=x onerror=alert(1)> safe?" })]);
    // A second answer is refused with its reason (the first stands).
    const again = await sendCommand(queue, { actorId: editorId, command: { type: "question.answer", input: { liveBlogId: blog.id, questionId: id, body: "<p>Twice</p>" } } });
    await drain();
    const [row] = await database.$queryRaw<{ status: string; reason: string }[]>`SELECT status::text AS status, reason FROM commands WHERE id = ${again.id}::uuid`;
    expect(row).toEqual({ status: "rejected", reason: "This question was answered already." });
    // Marking it spam would leave its quote in the answer entry: refused with what to do instead.
    const spam = await sendCommand(queue, { actorId: editorId, command: { type: "question.moderate", input: { liveBlogId: blog.id, questionId: id, decision: "spam" } } });
    await drain();
    const [spamRow] = await database.$queryRaw<{ status: string; reason: string }[]>`SELECT status::text AS status, reason FROM commands WHERE id = ${spam.id}::uuid`;
    expect(spamRow).toEqual({ status: "rejected", reason: "This question was answered in an entry that quotes it: delete that entry to take it down." });
    expect((await database.readerQuestion.findUniqueOrThrow({ where: { id } })).status).toBe("answered");
  });

  it("a question to a blog deleted meanwhile is rejected with a reason, not retried", async () => {
    const blog = await liveBlogTakingQuestions();
    await ask(blog.slug);
    await database.$executeRaw`DELETE FROM live_blogs WHERE id = ${blog.id}::uuid`;
    expect(await drain()).toEqual(["rejected"]);
  });
});
