// Outbound webhooks on a real Postgres (its own database, so no other suite's publishes reach these webhooks), a real
// file publisher, and a local HTTP receiver that verifies every delivery's signature as a receiver would. Time is
// driven by passing `now` (the next attempt's due time) instead of sleeping through the backoff.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // Before any import reads the settings: secrets are sealed with a key derived from it.
  vi.stubEnv("AUTH_SECRET", "webhooks-test-auth-secret-0123456789abcdef");
  vi.stubEnv("PUBLIC_BASE_URL", "https://cdn.example.com");
});

import { FilePublisher } from "../../publishers/file";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { applyCommand } from "../commands/apply-command";
import { recordDeadLetteredCommand } from "../commands/command-failures";
import { prepareCommandMessage } from "../commands/send-command";
import { createDb, type Db } from "../db";
import { AppError } from "../errors";
import { parseFetchAllowlist } from "../http/fetch-allowlist";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { postEntry } from "../liveblogs/post-entry";
import { publishLiveBlog } from "../publishing/publish-liveblog";
import { trackPublishing } from "../publishing/publish-activity";
import { requestRollback } from "../publishing/request-rollback";
import { LocalQueue } from "../queue/local-queue";
import { GIVE_UP_AFTER_MS } from "./constants";
import { deliverDueWebhooks } from "./deliver-webhooks";
import { requestWebhookChange } from "./request-webhook-change";
import { redeliverWebhook, sendTestWebhookEvent } from "./request-webhook-delivery";
import { runWebhookDeliveries } from "./run-webhook-deliveries";
import { DELIVERY_ID_HEADER, verifyWebhookSignature } from "./sign-webhook";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-webhooks-"));
const publisher = new FilePublisher(path.join(root, "public"));
const ALLOW_LOOPBACK = parseFetchAllowlist("127.0.0.1");
const SECRET = "receiver-shared-secret-4f9a2c";

let database: Db;
let dropDatabase: () => Promise<void>;
let adminId = "";
let editorId = "";

type TReceived = { headers: http.IncomingHttpHeaders; body: string; verified: boolean; reason: string | null };
const received: TReceived[] = [];
let answer: () => number = () => 200;
let receiver: http.Server;
let receiverUrl = "";

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-webhooks" });
  dropDatabase = fresh.drop;
  database = createDb(fresh.url);
  adminId = (await database.user.create({ data: { email: `hooks-admin-${randomUUID()}@example.com`, name: "Hook admin", role: "admin", passwordHash: "unused" } })).id;
  editorId = (await database.user.create({ data: { email: `hooks-editor-${randomUUID()}@example.com`, name: "Hook editor", role: "editor", passwordHash: "unused" } })).id;
  // The receiver checks every request exactly as the README tells receivers to.
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const verdict = verifyWebhookSignature({ secret: SECRET, headers: request.headers, rawBody: body });
      received.push({ headers: request.headers, body, verified: verdict.ok, reason: verdict.ok ? null : verdict.reason });
      const status = verdict.ok ? answer() : 401;
      const location = status === 307 ? { location: `${receiverUrl}/elsewhere` } : {};
      response.writeHead(status, { "content-type": "text/plain", ...location }).end(status >= 400 ? "receiver says no" : "ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await database.$disconnect();
  await dropDatabase();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(async () => {
  await database.$executeRaw`DELETE FROM webhooks`;
  received.length = 0;
  answer = () => 200;
});

/** A command as the worker applies it: prepared like sendCommand does (secret sealed at the door), then applied. */
async function apply(command: Record<string, unknown>, actorId = adminId) {
  const { message } = prepareCommandMessage(command);
  const outcome = await applyCommand(database, { v: 1, id: randomUUID(), actorId, issuedAt: new Date().toISOString(), command: message });
  expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: "applied" });
  return message as unknown as { webhookId: string; input: Record<string, unknown> };
}

async function createWebhook(overrides: Record<string, unknown> = {}) {
  const message = await apply({ type: "webhook.create", input: { name: "Receiver", url: receiverUrl, events: ["published", "rolled_back", "deleted", "dead_letter"], secret: SECRET, ...overrides } });
  return message.webhookId;
}

async function liveBlogWithEntry() {
  const blog = await createLiveBlog(database, { actorId: editorId, input: { title: "Hooks", slug: `hooks-${randomUUID().slice(0, 8)}`, status: "live" } });
  await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>First</p>" } });
  return blog;
}

const deliver = (now?: Date) => deliverDueWebhooks(database, { allowlist: ALLOW_LOOPBACK, ...(now ? { now: () => now } : {}) });
const deliveryRow = (id: string) => database.webhookDelivery.findUniqueOrThrow({ where: { id } });
const bodies = () => received.map((request) => JSON.parse(request.body) as Record<string, unknown>);

describe("webhook deliveries (real Postgres, local receiver)", () => {
  it("queues a delivery with each publish and signs every one so that the receiver verifies it", async () => {
    await createWebhook();
    const blog = await liveBlogWithEntry();
    const first = await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Second</p>" } });
    const second = await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    expect(await database.webhookDelivery.count({ where: { status: "pending" } })).toBe(2);

    const results = await deliver();
    expect(results.map((result) => result.status)).toEqual(["succeeded", "succeeded"]);
    expect(received).toHaveLength(2);
    expect(received.every((request) => request.verified), JSON.stringify(received.map((request) => request.reason))).toBe(true);
    const versions = [first, second].map((outcome) => (outcome.status === "published" ? outcome.version : -1));
    expect(bodies().map((body) => body.version).sort()).toEqual(versions.sort());
    const body = bodies()[0]!;
    expect(body).toMatchObject({ event: "published", kind: "liveblog", id: blog.id });
    expect(body.urls).toEqual(expect.arrayContaining([`https://cdn.example.com/liveblogs/${blog.slug}/latest.json`, `https://cdn.example.com/liveblogs/${blog.slug}/index.html`]));
    expect(new Date(String(body.time)).getTime()).not.toBeNaN();
    expect(received[0]!.headers["content-type"]).toBe("application/json");
    expect(new Set(received.map((request) => request.headers[DELIVERY_ID_HEADER.toLowerCase()])).size).toBe(2);
  });

  it("steps aside while this worker is publishing: a due delivery waits for the publish in flight, then goes out", async () => {
    await createWebhook();
    const blog = await liveBlogWithEntry();
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    let endPublish: () => void = () => undefined;
    const publishing = trackPublishing(() => new Promise<{ didWork: boolean }>((resolve) => (endPublish = () => resolve({ didWork: true }))));
    const controller = new AbortController();
    const loop = runWebhookDeliveries({ database, signal: controller.signal, startDelayMs: 0, allowlist: ALLOW_LOOPBACK });
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(received).toHaveLength(0);
      endPublish();
      await publishing;
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(1);
      expect(received[0]!.verified).toBe(true);
    } finally {
      endPublish();
      controller.abort();
      await loop;
    }
  });

  it("a forged or stale delivery fails the receiver's check (the verifier can fail)", () => {
    const body = JSON.stringify({ event: "published" });
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    const good = verifyWebhookSignature({ secret: SECRET, headers: { "Ballast-Timestamp": timestamp, "Ballast-Signature": "v1=00" }, rawBody: body });
    expect(good).toEqual({ ok: false, reason: "signature does not match" });
    const stale = verifyWebhookSignature({ secret: SECRET, headers: { "ballast-timestamp": String(Math.floor(now / 1000) - 301), "ballast-signature": "v1=abc" }, rawBody: body });
    expect(stale).toEqual({ ok: false, reason: "timestamp too old (or in the future)" });
  });

  it("a receiver that answers 500 three times gets the delivery on the fourth try, after 10 s, 20 s and 40 s of backoff", async () => {
    await createWebhook();
    const blog = await liveBlogWithEntry();
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    let calls = 0;
    answer = () => (++calls <= 3 ? 500 : 204);
    const [firstTry] = await deliver();
    expect(firstTry).toMatchObject({ ok: false, statusCode: 500, status: "pending" });
    const gaps: number[] = [];
    for (let attempt = 2; attempt <= 4; attempt++) {
      const row = await deliveryRow(firstTry!.deliveryId);
      // Not due a moment before its time: nothing is sent.
      expect(await deliver(new Date(row.nextAttemptAt.getTime() - 1000))).toEqual([]);
      gaps.push(row.nextAttemptAt.getTime() - row.lastAttemptAt!.getTime());
      const [result] = await deliver(row.nextAttemptAt);
      expect(result!.deliveryId).toBe(firstTry!.deliveryId);
    }
    const row = await deliveryRow(firstTry!.deliveryId);
    expect(row).toMatchObject({ status: "succeeded", attempts: 4, lastStatusCode: 204 });
    expect(received).toHaveLength(4);
    expect(received.every((request) => request.verified)).toBe(true);
    // 10 s, 20 s, 40 s, each within the ±10 % jitter.
    gaps.forEach((gap, index) => {
      const base = 10_000 * 2 ** index;
      expect(gap).toBeGreaterThanOrEqual(base * 0.9 - 1);
      expect(gap).toBeLessThanOrEqual(base * 1.1 + 1);
    });
  });

  it("keeps retrying, at most an hour apart, for a day, then marks the delivery failed and stops", async () => {
    const webhookId = await createWebhook();
    const { deliveryId } = await sendTestWebhookEvent({ actorId: adminId, input: { webhookId } }, database);
    answer = () => 503;
    const created = (await deliveryRow(deliveryId)).createdAt.getTime();
    let now = new Date();
    let maxGap = 0;
    for (let step = 0; step < 100; step++) {
      const [result] = await deliver(now);
      const row = await deliveryRow(deliveryId);
      if (row.status === "failed") break;
      expect(result).toMatchObject({ status: "pending", statusCode: 503 });
      maxGap = Math.max(maxGap, row.nextAttemptAt.getTime() - now.getTime());
      now = row.nextAttemptAt;
    }
    const row = await deliveryRow(deliveryId);
    expect(row.status).toBe("failed");
    expect(row.lastAttemptAt!.getTime()).toBeGreaterThanOrEqual(created + GIVE_UP_AFTER_MS);
    expect(maxGap).toBeLessThanOrEqual(60 * 60 * 1000 * 1.1);
    expect(row.attempts).toBeGreaterThan(20);
    expect(row.attempts).toBeLessThan(40);
    expect(await deliver(new Date(now.getTime() + GIVE_UP_AFTER_MS))).toEqual([]);
  });

  it("refuses a webhook at a loopback or metadata address unless it is allowlisted, at the door and when sending", async () => {
    const queue = new LocalQueue({ file: path.join(root, `queue-${randomUUID()}.sqlite`) });
    try {
      const actor = { id: adminId, role: "admin" as const };
      const create = (url: string, vetting?: Parameters<typeof requestWebhookChange>[0]["vetting"]) =>
        requestWebhookChange({ actor, command: { type: "webhook.create", input: { name: "Sneaky", url, events: ["published"] } }, vetting }, queue);
      for (const [url, reason] of [
        ["http://127.0.0.1:9/hook", /127\.0\.0\.1 is a loopback address/],
        ["http://localhost/hook", /loopback host name/],
        ["http://169.254.169.254/latest/meta-data/", /cloud metadata address/],
        ["http://[::ffff:127.0.0.1]/hook", /loopback/],
      ] as const) {
        const error = await create(url).catch((caught: unknown) => caught);
        expect(error, url).toBeInstanceOf(AppError);
        expect((error as AppError).fieldErrors.url).toMatch(reason);
      }
      const allowed = await create("http://127.0.0.1:9/hook", { allowlist: ALLOW_LOOPBACK });
      expect(allowed.generatedSecret).toMatch(/^whsec_/);
      expect(await queue.stats()).toMatchObject({ depth: 1 });
    } finally {
      await queue.close();
    }

    // A webhook that got past the door (the API, or a DNS answer that changed) is refused when sending.
    await createWebhook();
    const blog = await liveBlogWithEntry();
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    const [refused] = await deliverDueWebhooks(database, { allowlist: parseFetchAllowlist("") });
    expect(refused).toMatchObject({ ok: false, statusCode: null, status: "pending" });
    expect(refused!.error).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
    expect(received).toHaveLength(0);
  });

  it("Redeliver sends the same body again under a new delivery id; Send a test event reaches one webhook", async () => {
    const webhookId = await createWebhook({ events: ["published"] });
    const blog = await liveBlogWithEntry();
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    const [original] = await deliver();
    const again = await redeliverWebhook({ actorId: adminId, input: { deliveryId: original!.deliveryId } }, database);
    await sendTestWebhookEvent({ actorId: adminId, input: { webhookId } }, database);
    const results = await deliver();
    expect(results.map((result) => result.status)).toEqual(["succeeded", "succeeded"]);
    expect(received).toHaveLength(3);
    expect(received.every((request) => request.verified)).toBe(true);
    expect(received[1]!.body === received[0]!.body || received[2]!.body === received[0]!.body).toBe(true);
    const redelivered = received.find((request) => request.headers[DELIVERY_ID_HEADER.toLowerCase()] === again.deliveryId)!;
    expect(redelivered.body).toBe(received[0]!.body);
    expect((await deliveryRow(again.deliveryId)).redeliveryOf).toBe(original!.deliveryId);
    expect(bodies().find((body) => body.event === "test")).toMatchObject({ kind: null, id: null, version: null, urls: [] });
    expect(await database.auditLog.count({ where: { subjectId: webhookId, action: { in: ["webhook.redeliver", "webhook.test"] } } })).toBe(2);
  });

  it("sends rolled_back, deleted and dead_letter events to the webhooks that chose them, and nothing to others", async () => {
    await createWebhook();
    const onlyPublished = await createWebhook({ events: ["published"] });
    const otherKind = await createWebhook({ kinds: ["bannerset"] });
    await createWebhook({ enabled: false });
    const blog = await liveBlogWithEntry();
    const first = await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: "<p>Second</p>" } });
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    await requestRollback(database, { actorId: editorId, input: { documentId: blog.id, toVersion: first.status === "published" ? first.version : 0 } });
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "rolled-back" });
    await apply({ type: "liveblog.update", input: { liveBlogId: blog.id, status: "draft" } }, editorId);
    expect(await publishLiveBlog(database, { liveBlogId: blog.id, publisher })).toMatchObject({ status: "withdrawn" });
    const commandId = randomUUID();
    const poisoned = JSON.stringify({ v: 1, id: commandId, actorId: editorId, issuedAt: new Date().toISOString(), command: { type: "entry.create", input: { liveBlogId: blog.id, body: "<p>x</p>" }, entryId: randomUUID() } });
    await recordDeadLetteredCommand(database, { commandId, body: poisoned, error: new Error("boom"), attempts: 5 });

    await deliver();
    expect(received.every((request) => request.verified)).toBe(true);
    const events = bodies().map((body) => body.event).sort();
    // The catch-all webhook: 2 publishes, a rollback, a takedown, a dead letter; the published-only one: 2 publishes.
    expect(events).toEqual(["dead_letter", "deleted", "published", "published", "published", "published", "rolled_back"]);
    expect(bodies().find((body) => body.event === "deleted")).toMatchObject({ kind: "liveblog", id: blog.id, urls: expect.arrayContaining([`https://cdn.example.com/liveblogs/${blog.slug}/latest.json`]) });
    expect(bodies().find((body) => body.event === "dead_letter")).toMatchObject({ kind: "liveblog", id: blog.id, command: { id: commandId, type: "entry.create" }, reason: expect.stringContaining("boom") });
    expect(await database.webhookDelivery.count({ where: { webhookId: onlyPublished } })).toBe(2);
    expect(await database.webhookDelivery.count({ where: { webhookId: otherKind } })).toBe(0);
  });

  it("keeps the secret out of the queued command, the row and the audit log", async () => {
    const { message } = prepareCommandMessage({ type: "webhook.create", input: { name: "Sealed", url: receiverUrl, events: ["published"], secret: SECRET } });
    expect(JSON.stringify(message)).not.toContain(SECRET);
    const webhookId = await createWebhook();
    const row = await database.webhook.findUniqueOrThrow({ where: { id: webhookId } });
    expect(row.secretSealed).not.toContain(SECRET);
    const audit = await database.auditLog.findMany({ where: { subjectId: webhookId }, select: { action: true, details: true } });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(() => prepareCommandMessage({ type: "webhook.create", input: { name: "No secret", url: receiverUrl, events: ["published"] } })).toThrow(/needs a secret/);
  });

  it("never follows a receiver's redirect with the signed body: a 307 is a failed attempt", async () => {
    const webhookId = await createWebhook();
    await sendTestWebhookEvent({ actorId: adminId, input: { webhookId } }, database);
    answer = () => 307;
    const [result] = await deliver();
    expect(result).toMatchObject({ ok: false, statusCode: 307, status: "pending" });
    expect(received).toHaveLength(1);
  });

  it("two workers never send one delivery twice (the lease)", async () => {
    await createWebhook();
    const blog = await liveBlogWithEntry();
    await publishLiveBlog(database, { liveBlogId: blog.id, publisher });
    const [a, b] = await Promise.all([deliver(), deliver()]);
    expect(a!.length + b!.length).toBe(1);
    expect(received).toHaveLength(1);
  });
});
