// The public endpoint's rules, against a real durable local queue (no Postgres is involved in the request at all):
// CORS for the blog's origins only, the limits, the honeypot, the proof of work, validation, and one queued command
// per question id.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalQueue } from "../queue/local-queue";
import { acceptQuestionRequest, newQuestionCounters, questionCommandId, rateLimitKeyOfAddress, type TQuestionEndpoint, type TQuestionRequest } from "./accept-question";
import { MAX_QUESTION_BODY_BYTES, QUESTIONS_DOCUMENT_KIND } from "./constants";
import { solveProofOfWork, type TChallenge } from "./proof-of-work";
import type { TPublicQuestionSettings } from "./published-question-settings";
import { SlidingWindowLimiter } from "./sliding-window-limiter";

const BLOG = "7a1f4a3e-2f7e-4b1e-9a53-0a4c1f1d2e3b";
const SITE = "https://news.example";
const CDN = "https://cdn.example";

let dir: string;
let queue: LocalQueue;
let endpoint: TQuestionEndpoint;
let settings: Record<string, TPublicQuestionSettings | null>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-questions-"));
  queue = new LocalQueue({ file: path.join(dir, "queue.sqlite"), maxAttempts: 5 });
  settings = { night: { liveBlogId: BLOG, slug: "night", accepting: true, origins: [SITE] }, closed: { liveBlogId: BLOG, slug: "closed", accepting: false, origins: [SITE] } };
  endpoint = {
    queue,
    settingsFor: async (slug) => settings[slug] ?? null,
    publicOrigin: CDN,
    perAddress: new SlidingWindowLimiter({ limit: 10, windowMs: 60_000 }),
    perBlog: new SlidingWindowLimiter({ limit: 600, windowMs: 60_000 }),
    powBits: 8,
    secret: "x".repeat(40),
    counters: newQuestionCounters(),
  };
});

afterEach(async () => {
  await queue.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function request(overrides: Partial<TQuestionRequest> & { body?: unknown } = {}): TQuestionRequest {
  const { body, ...rest } = overrides;
  const text = typeof body === "string" ? body : JSON.stringify(body ?? {});
  return { method: "POST", slug: "night", resource: "submit", origin: SITE, contentType: "application/json", contentLength: String(Buffer.byteLength(text)), clientIp: "203.0.113.7", readBody: async () => text, ...rest };
}

async function challenge(origin = SITE): Promise<TChallenge> {
  const answer = await acceptQuestionRequest(request({ method: "GET", resource: "challenge", origin }), endpoint);
  expect(answer.status).toBe(200);
  return answer.body as TChallenge;
}

async function question(id: string, fields: Record<string, unknown> = {}) {
  return { id, name: "Ada", text: "When do the polls close in Ohio?", pow: solveProofOfWork(await challenge(), id), ...fields };
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** Messages of one group are delivered one at a time, so the count comes from the queue's depth. */
async function queuedCount(): Promise<number> {
  return (await queue.stats()).depth;
}

describe("acceptQuestionRequest", () => {
  it("answers 202 once the question is on the queue, in the blog's question group, with the email kept in the command only", async () => {
    const answer = await acceptQuestionRequest(request({ body: await question(uuid(1), { email: "ada@example.com" }) }), endpoint);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: "received", id: uuid(1) });
    expect(answer.headers["Access-Control-Allow-Origin"]).toBe(SITE);
    const [message] = await queue.receive({ max: 10, visibilityMs: 60_000 });
    expect(message!.id).toBe(questionCommandId(BLOG, uuid(1)));
    expect(message!.groupId).toBe(`${QUESTIONS_DOCUMENT_KIND}:${BLOG}`);
    const envelope = JSON.parse(message!.body) as { command: { type: string; input: Record<string, unknown> } };
    expect(envelope.command.type).toBe("question.submit");
    expect(envelope.command.input).toMatchObject({ liveBlogId: BLOG, questionId: uuid(1), name: "Ada", email: "ada@example.com" });
  });

  it("a retried question (same id) is one message on the queue", async () => {
    const body = await question(uuid(2));
    for (let attempt = 0; attempt < 3; attempt++) expect((await acceptQuestionRequest(request({ body }), endpoint)).status).toBe(202);
    expect(await queuedCount()).toBe(1);
  });

  it("the 11th question in a minute from one address gets 429 with Retry-After and a clear message; another address is not affected", async () => {
    for (let n = 0; n < 10; n++) expect((await acceptQuestionRequest(request({ body: await question(uuid(100 + n)) }), endpoint)).status).toBe(202);
    const refused = await acceptQuestionRequest(request({ body: await question(uuid(110)) }), endpoint);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["Retry-After"])).toBeGreaterThan(0);
    expect(refused.headers["Access-Control-Expose-Headers"]).toBe("Retry-After");
    expect(refused.body?.error).toMatch(/^You have sent a lot of questions in the last minute\. Please wait \d+ seconds? before sending another\.$/);
    expect((await acceptQuestionRequest(request({ clientIp: "198.51.100.9", body: await question(uuid(111)) }), endpoint)).status).toBe(202);
    expect(await queuedCount()).toBe(11);
  });

  it("the per-blog limit refuses past its count whatever the address", async () => {
    endpoint.perBlog = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
    for (let n = 0; n < 3; n++) expect((await acceptQuestionRequest(request({ clientIp: `198.51.100.${n}`, body: await question(uuid(200 + n)) }), endpoint)).status).toBe(202);
    const refused = await acceptQuestionRequest(request({ clientIp: "198.51.100.50", body: await question(uuid(203)) }), endpoint);
    expect(refused.status).toBe(429);
    expect(refused.body?.error).toMatch(/^This live blog is receiving a lot of questions right now/);
  });

  it("junk from many addresses does not use up the blog's limit: only questions that pass every check count", async () => {
    endpoint.perBlog = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
    for (let n = 0; n < 20; n++) {
      const junk = await acceptQuestionRequest(request({ clientIp: `192.0.2.${n}`, contentType: "text/plain", body: "junk" }), endpoint);
      expect(junk.status).toBe(415);
      const noProof = await acceptQuestionRequest(request({ clientIp: `192.0.2.${n}`, body: { id: uuid(300 + n), name: "Bot", text: "spam" } }), endpoint);
      expect(noProof.status).toBe(400);
    }
    expect((await acceptQuestionRequest(request({ clientIp: "198.51.100.60", body: await question(uuid(330)) }), endpoint)).status).toBe(202);
  });

  it("counts an IPv6 client by its /64, so rotating addresses inside one network gains nothing", async () => {
    for (let n = 1; n <= 10; n++) expect((await acceptQuestionRequest(request({ clientIp: `2001:db8:1:2::${n.toString(16)}`, body: await question(uuid(400 + n)) }), endpoint)).status).toBe(202);
    const rotated = await acceptQuestionRequest(request({ clientIp: "2001:db8:1:2:ffff:1:2:3", body: await question(uuid(411)) }), endpoint);
    expect(rotated.status).toBe(429);
    expect((await acceptQuestionRequest(request({ clientIp: "2001:db8:1:3::1", body: await question(uuid(412)) }), endpoint)).status).toBe(202);
    expect(rateLimitKeyOfAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("a filled honeypot gets the same 202 as a real question, and nothing is queued", async () => {
    const answer = await acceptQuestionRequest(request({ body: await question(uuid(3), { website: "http://spam.example" }) }), endpoint);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: "received", id: uuid(3) });
    expect(await queuedCount()).toBe(0);
    expect(endpoint.counters!.honeypot).toBe(1);
  });

  it("another origin gets 403 and no CORS header, for the preflight and the POST; the CDN's own origin may post", async () => {
    for (const method of ["OPTIONS", "POST"]) {
      const answer = await acceptQuestionRequest(request({ method, origin: "https://evil.example", body: await question(uuid(4)) }), endpoint);
      expect(answer.status).toBe(403);
      expect(answer.headers["Access-Control-Allow-Origin"]).toBeUndefined();
    }
    expect((await acceptQuestionRequest(request({ origin: null, body: await question(uuid(4)) }), endpoint)).status).toBe(403);
    const preflight = await acceptQuestionRequest(request({ method: "OPTIONS", origin: SITE }), endpoint);
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ "Access-Control-Allow-Origin": SITE, "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type" });
    expect((await acceptQuestionRequest(request({ origin: CDN, body: await question(uuid(5)) }), endpoint)).status).toBe(202);
    expect(await queuedCount()).toBe(1);
  });

  it("a blog that does not take questions, or is not published, is refused with 404", async () => {
    expect((await acceptQuestionRequest(request({ slug: "closed", body: await question(uuid(6)) }), endpoint)).status).toBe(404);
    expect((await acceptQuestionRequest(request({ slug: "unknown", body: await question(uuid(6)) }), endpoint)).status).toBe(404);
    expect((await acceptQuestionRequest(request({ slug: "%00", body: await question(uuid(6)) }), endpoint)).status).toBe(404);
  });

  it("refuses an invalid question with 400 naming the field, a missing or wrong proof of work, a large body unread, and non-JSON", async () => {
    const invalid = await acceptQuestionRequest(request({ body: await question(uuid(7), { text: "" }) }), endpoint);
    expect(invalid.status).toBe(400);
    expect(invalid.body?.fieldErrors).toEqual({ text: "Your question is required." });
    const noProof = await acceptQuestionRequest(request({ body: { id: uuid(7), name: "Ada", text: "Hello?" } }), endpoint);
    expect(noProof.status).toBe(400);
    expect(noProof.body?.fieldErrors).toEqual({ pow: "The anti-spam check failed. Please send your question again." });
    const otherQuestionsProof = await acceptQuestionRequest(request({ body: { ...(await question(uuid(8))), id: uuid(9) } }), endpoint);
    expect(otherQuestionsProof.status).toBe(400);
    let read = false;
    const large = await acceptQuestionRequest(request({ contentLength: String(MAX_QUESTION_BODY_BYTES + 1), readBody: async () => ((read = true), "") }), endpoint);
    expect(large.status).toBe(413);
    expect(read).toBe(false);
    expect((await acceptQuestionRequest(request({ contentType: "text/plain" }), endpoint)).status).toBe(415);
    expect((await acceptQuestionRequest(request({ body: "{not json" }), endpoint)).status).toBe(400);
    expect(await queuedCount()).toBe(0);
  });

  it("answers 503 (not 500) when the queue cannot take the question", async () => {
    await queue.close();
    const answer = await acceptQuestionRequest(request({ body: await question(uuid(10)) }), endpoint);
    expect(answer.status).toBe(503);
    queue = new LocalQueue({ file: path.join(dir, "queue.sqlite"), maxAttempts: 5 });
  });
});
