// Vendor feeds end to end on a real Postgres (its own database), a real file publisher and local HTTP servers as
// vendors: commands applied through the registry, runs claimed and recorded by the scheduler's own functions, the
// feed published as feeds/<name>.json; failures keep the last good copy; the SSRF guard refuses every loopback form
// (a canary server counts connections); secret headers reach the vendor and nothing else; one run per feed at a time.
import { randomUUID } from "node:crypto";
import dc from "node:diagnostics_channel";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const SECRET = vi.hoisted(() => {
  // Before any import reads the settings: the door seals header values with a key derived from it.
  vi.stubEnv("AUTH_SECRET", "feeds-test-auth-secret-0123456789abcdef");
  return "vendor-key-Zq8w3r9xT2";
});

import { FilePublisher } from "../../publishers/file";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { applyCommand, type TApplyOutcome } from "../commands/apply-command";
import { getCommandStatus } from "../commands/get-command-status";
import { prepareCommandMessage, sendCommand } from "../commands/send-command";
import { createDb, type Db } from "../db";
import { AppError } from "../errors";
import type { Role } from "../generated/prisma/enums";
import { EMPTY_ALLOWLIST, parseFetchAllowlist, type TFetchAllowlist } from "../http/fetch-allowlist";
import { logger } from "../logger";
import { deleteSupersededObjects } from "../publishing/delete-superseded-objects";
import { publishDocument } from "../publishing/publish-document";
import { LocalQueue } from "../queue/local-queue";
import { ZFeedHeadSchema, type TFeedHead } from "../render/render-feed";
import { FEED_KIND, feedObjectKey } from "./constants";
import { getFeedAdminViewOrThrow, getFeedsAdminView } from "./get-feeds-admin-view";
import { requestFeedChange } from "./request-feed-change";
import { runDueFeed } from "./run-feed";
import { runFeedScheduler } from "./run-feed-scheduler";
import { ZCreateFeedSchema } from "./schemas";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-feeds-"));
const publisher = new FilePublisher(root);
let database: Db;
let dropDatabase: () => Promise<void>;
const users: Record<Role, string> = { admin: "", editor: "", contributor: "", viewer: "" };

type TServer = { server: http.Server; port: number; connections: number; requests: http.IncomingMessage[] };

async function listen(host: string, handler: http.RequestListener): Promise<TServer> {
  const server = http.createServer(handler);
  const state: TServer = { server, port: 0, connections: 0, requests: [] };
  server.on("connection", () => state.connections++);
  server.on("request", (request) => state.requests.push(request));
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, host, () => resolve()));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

async function close(state: TServer) {
  state.server.closeAllConnections();
  await new Promise((resolve) => state.server.close(resolve));
}

/** The vendor at 127.0.0.1 (allowlisted for vendor tests); the canary answers every loopback form on its own port. */
let vendor: TServer;
let vendorHandler: http.RequestListener;
let canary: TServer;
/** A second vendor at 127.0.0.2, the only allowlisted address in the redirect tests (127.0.0.1 is not). */
let redirector: TServer;
let redirectTo = "";
const VENDOR_ALLOWLIST = parseFetchAllowlist("127.0.0.1");

let clientSockets = 0;
const countSocket = () => clientSockets++;

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-feeds" });
  dropDatabase = fresh.drop;
  database = createDb(fresh.url);
  for (const role of Object.keys(users) as Role[]) {
    users[role] = (await database.user.create({ data: { email: `feeds-${role}-${randomUUID()}@example.com`, name: `Feed ${role}`, role, passwordHash: "unused" } })).id;
  }
  vendor = await listen("127.0.0.1", (request, response) => vendorHandler(request, response));
  canary = await listen("::", (_request, response) => response.end("canary")).catch(() => listen("127.0.0.1", (_request, response) => response.end("canary")));
  redirector = await listen("127.0.0.2", (_request, response) => response.writeHead(302, { location: redirectTo }).end());
  dc.subscribe("net.client.socket", countSocket);
});

afterAll(async () => {
  dc.unsubscribe("net.client.socket", countSocket);
  await Promise.all([close(vendor), close(canary), close(redirector)]);
  await database.$disconnect();
  await dropDatabase();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(async () => {
  await database.$executeRaw`DELETE FROM feeds`;
  vendor.requests.length = 0;
  canary.connections = 0;
  vendorHandler = (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end("{}");
});

afterEach(() => vi.restoreAllMocks());

/** A command as the worker applies it: prepared like sendCommand does (sealed and checked at the door), then applied. */
async function send(command: Record<string, unknown>, actorId = users.editor): Promise<{ outcome: TApplyOutcome; message: Record<string, unknown> & { input: Record<string, unknown> }; id: string }> {
  const { message } = prepareCommandMessage(command);
  const id = randomUUID();
  const outcome = await applyCommand(database, { v: 1, id, actorId, issuedAt: new Date().toISOString(), command: message });
  return { outcome, message: message as never, id };
}

async function applied(command: Record<string, unknown>, actorId = users.editor) {
  const result = await send(command, actorId);
  expect(result.outcome, JSON.stringify(result.outcome)).toMatchObject({ status: "applied" });
  return result;
}

/** Runs only when asked to within a test: a schedule boundary never makes a feed due mid-test. */
const YEARLY = "0 0 1 1 *";
let feedCounter = 0;
async function createFeed(overrides: Record<string, unknown> = {}) {
  const name = (overrides.name as string | undefined) ?? `feed-${++feedCounter}-${randomUUID().slice(0, 6)}`;
  const { message } = await applied({ type: "feed.create", input: { name, sourceUrl: `http://127.0.0.1:${vendor.port}/results.json`, format: "json", schedule: YEARLY, timeoutSeconds: 5, ...overrides } });
  return { id: message.feedId as string, name };
}

const run = (allowlist: TFetchAllowlist = VENDOR_ALLOWLIST) => runDueFeed(database, { allowlist });
const runNow = (feedId: string) => applied({ type: "feed.run-now", input: { feedId } });
const publish = (feedId: string) => publishDocument(database, { kind: FEED_KIND, documentId: feedId, publisher, waitForLease: true });

function readPublished(name: string): TFeedHead | null {
  const file = path.join(root, feedObjectKey(name));
  return fs.existsSync(file) ? ZFeedHeadSchema.parse(JSON.parse(fs.readFileSync(file, "utf8"))) : null;
}

const pendingPublishJobs = (feedId: string) => database.publishJob.count({ where: { documentType: FEED_KIND, documentId: feedId, status: "pending" } });

const RESULTS = { results: [{ candidate: { name: "Ada" }, votes: 120, internal: "x" }, { candidate: { name: "Grace" }, votes: 98, internal: "y" }] };
const MAPPING = { itemsPointer: "/results", mapping: [{ from: "/candidate/name", to: "name" }, { from: "/votes", to: "votes" }] };

/** A vendor with an ETag that answers 304 to a request naming it. */
function serveWithEtag(body: unknown, etag = '"r1"') {
  vendorHandler = (request, response) => {
    if (request.headers["if-none-match"] === etag) response.writeHead(304, { etag }).end();
    else response.writeHead(200, { "content-type": "application/json", etag, "last-modified": "Tue, 03 Nov 2026 12:00:00 GMT" }).end(JSON.stringify(body));
  };
}

/** A feed with one good copy published (the vendor's ETag "r1"). */
async function feedWithGoodCopy(overrides: Record<string, unknown> = {}) {
  serveWithEtag(RESULTS);
  const feed = await createFeed({ ...MAPPING, ...overrides });
  expect(await run()).toMatchObject({ outcome: "updated", version: 2 });
  expect(await publish(feed.id)).toMatchObject({ status: "published", version: 2 });
  return feed;
}

describe("feed settings at the door", () => {
  it.each([
    ["name", { name: "Bad Name" }, /lower-case letters/],
    ["sourceUrl", { sourceUrl: "ftp://vendor.example/feed.csv" }, /http:\/\/ or https:\/\//],
    ["sourceUrl", { sourceUrl: "https://user:pw@vendor.example/feed.json" }, /secret request header/],
    ["schedule", { schedule: "every five minutes" }, /Not a valid cron schedule/],
    ["schedule", { schedule: "*/10 * * * * *" }, /at most once a minute/],
    ["timeZone", { timeZone: "Mars/Olympus" }, /not a known IANA zone/],
    ["timeoutSeconds", { timeoutSeconds: 61 }, /at most 60 s/],
    ["timeoutSeconds", { timeoutSeconds: 0 }, /at least 1 s/],
    ["maxBytes", { maxBytes: 20 * 1024 * 1024 }, /at most 10 MB/],
    ["mapping", { mapping: [{ from: "candidate.name", to: "name" }] }, /not a JSON pointer/],
    ["mapping", { mapping: [{ from: "/a", to: "x" }, { from: "/b", to: "x" }] }, /used twice/],
    ["headers", { headers: [{ name: "Host", value: "evil" }] }, /set by the fetcher itself/],
    ["headers", { headers: [{ name: "X-Key", value: "a\r\nInjected: yes" }] }, /no line breaks/],
  ])("refuses a bad %s", (field, overrides, pattern) => {
    const result = ZCreateFeedSchema.safeParse({ name: "results", sourceUrl: "https://vendor.example/r.json", format: "json", schedule: "*/5 * * * *", ...overrides });
    expect(result.success).toBe(false);
    if (result.success) return;
    const issue = result.error.issues.find((candidate) => candidate.path[0] === field);
    expect(issue?.message, JSON.stringify(result.error.issues)).toMatch(pattern);
  });

  it("lets only editors and admins change feeds", async () => {
    await expect(requestFeedChange({ actor: { id: users.viewer, role: "viewer" }, command: { type: "feed.run-now", input: { feedId: randomUUID() } } })).rejects.toThrow(AppError);
    const { outcome } = await send({ type: "feed.create", input: { name: "by-contributor", sourceUrl: "https://vendor.example/r.json", format: "json", schedule: "0 * * * *" } }, users.contributor);
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.stringMatching(/no longer allowed/) });
  });
});

describe("runs and publishing", () => {
  it("a good JSON feed publishes feeds/<name>.json with the mapping applied", async () => {
    serveWithEtag(RESULTS);
    const feed = await createFeed(MAPPING);
    const record = await run();
    expect(record).toMatchObject({ outcome: "updated", statusCode: 200, version: 2, error: null });
    expect(await pendingPublishJobs(feed.id)).toBe(1);
    expect(await publish(feed.id)).toMatchObject({ status: "published", version: 2, keys: [`feeds/${feed.name}.json`] });
    const head = readPublished(feed.name);
    expect(head).toMatchObject({ schema: 1, version: 2, name: feed.name, source: { etag: '"r1"', lastModified: "Tue, 03 Nov 2026 12:00:00 GMT" } });
    expect(head?.data).toEqual([{ name: "Ada", votes: 120 }, { name: "Grace", votes: 98 }]);
    expect(Date.parse(head!.fetchedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(head)).not.toContain(String(vendor.port));
    const row = await database.feed.findUniqueOrThrow({ where: { id: feed.id } });
    expect(row.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(row.publishedVersion).toBe(2);
  });

  it("a second run sends the ETag, gets 304 and publishes nothing", async () => {
    const feed = await feedWithGoodCopy();
    const before = fs.readFileSync(path.join(root, feedObjectKey(feed.name)), "utf8");
    await runNow(feed.id);
    expect(await run()).toMatchObject({ outcome: "unchanged", statusCode: 304, version: null });
    expect(vendor.requests.at(-1)?.headers["if-none-match"]).toBe('"r1"');
    expect(vendor.requests.at(-1)?.headers["if-modified-since"]).toBe("Tue, 03 Nov 2026 12:00:00 GMT");
    expect(await pendingPublishJobs(feed.id)).toBe(0);
    expect(fs.readFileSync(path.join(root, feedObjectKey(feed.name)), "utf8")).toBe(before);
    expect((await database.feed.findUniqueOrThrow({ where: { id: feed.id } })).version).toBe(2);
  });

  it("the same content without validators counts as unchanged (content hash), and new content publishes a new version", async () => {
    vendorHandler = (_request, response) => response.end(JSON.stringify(RESULTS));
    const feed = await createFeed(MAPPING);
    expect(await run()).toMatchObject({ outcome: "updated", version: 2 });
    await runNow(feed.id);
    expect(await run()).toMatchObject({ outcome: "unchanged", statusCode: 200 });
    expect(vendor.requests.at(-1)?.headers["if-none-match"]).toBeUndefined();
    vendorHandler = (_request, response) => response.end(JSON.stringify({ results: [{ candidate: { name: "Ada" }, votes: 121 }] }));
    await runNow(feed.id);
    expect(await run()).toMatchObject({ outcome: "updated", version: 3 });
    await publish(feed.id);
    expect(readPublished(feed.name)).toMatchObject({ version: 3, data: [{ name: "Ada", votes: 121 }] });
  });

  it.each([
    ["returns 500", (_request: http.IncomingMessage, response: http.ServerResponse) => response.writeHead(500).end("oops"), "the vendor answered HTTP 500"],
    ["times out", (_request: http.IncomingMessage, response: http.ServerResponse) => void response.writeHead(200).write("{"), "no complete answer within 1 s"],
    ["sends invalid JSON", (_request: http.IncomingMessage, response: http.ServerResponse) => response.end('{"results": [1, 2'), /^invalid JSON: /],
    ["sends a body past the size limit (aborted)", (_request: http.IncomingMessage, response: http.ServerResponse) => response.end("x".repeat(50_000)), "the response is larger than the 2,048-byte limit"],
    ["moves the items away", (_request: http.IncomingMessage, response: http.ServerResponse) => response.end('{"data": []}'), "the items pointer /results matches nothing in the body"],
  ])("a source that %s keeps the last good copy published and records why", async (_label, handler, error) => {
    const feed = await feedWithGoodCopy({ timeoutSeconds: 1, maxBytes: 2048 });
    const before = fs.readFileSync(path.join(root, feedObjectKey(feed.name)), "utf8");
    vendorHandler = handler;
    await runNow(feed.id);
    const record = await run();
    expect(record).toMatchObject({ outcome: "failed", version: null });
    expect(record!.error).toMatch(error);
    expect(await pendingPublishJobs(feed.id)).toBe(0);
    expect(fs.readFileSync(path.join(root, feedObjectKey(feed.name)), "utf8")).toBe(before);
    // The admin shows why, when, the next run and the history.
    const view = await getFeedAdminViewOrThrow({ feedId: feed.id }, database);
    expect(view?.feed).toMatchObject({ lastOutcome: "failed", lastError: record!.error, goodFetchedAt: expect.any(Date), lastGoodRunAt: expect.any(Date) });
    expect(view!.feed.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(view!.runs.map((entry) => entry.outcome)).toEqual(["failed", "updated"]);
    expect(view!.runs[0]).toMatchObject({ error: record!.error, trigger: "run-now" });
    const list = await getFeedsAdminView({}, database);
    expect(list?.feeds.find((entry) => entry.id === feed.id)).toMatchObject({ lastOutcome: "failed", publicUrl: expect.stringMatching(new RegExp(`/feeds/${feed.name}\\.json$`)) });
  });

  it("a CSV feed picks and renames columns; a short row fails with its line number", async () => {
    vendorHandler = (_request, response) => response.writeHead(200, { "content-type": "text/csv" }).end("\uFEFFzip,city,state,population\n43215,Columbus,OH,905748\n44101,Cleveland,OH,372624\n");
    const feed = await createFeed({ format: "csv", mapping: [{ from: "zip", to: "zip" }, { from: "city", to: "town" }] });
    expect(await run()).toMatchObject({ outcome: "updated" });
    await publish(feed.id);
    expect(readPublished(feed.name)?.data).toEqual([{ zip: "43215", town: "Columbus" }, { zip: "44101", town: "Cleveland" }]);

    vendorHandler = (_request, response) => response.end("zip,city,state,population\n43215,Columbus,OH,1\n44101,Cleveland\n");
    await runNow(feed.id);
    expect((await run())?.error).toMatch(/^invalid CSV: .*line 3/);
    vendorHandler = (_request, response) => response.end("postcode,city\n43215,Columbus\n");
    await runNow(feed.id);
    expect((await run())?.error).toBe('the CSV has no column "zip" (its columns: "postcode", "city")');
    expect(readPublished(feed.name)?.data).toEqual([{ zip: "43215", town: "Columbus" }, { zip: "44101", town: "Cleveland" }]);
  });

  it("keeps the newest 100 runs per feed", async () => {
    const feed = await createFeed();
    await database.$executeRaw`
      INSERT INTO feed_runs (feed_id, trigger, started_at, finished_at, outcome, duration_ms)
      SELECT ${feed.id}::uuid, 'schedule', now() - make_interval(mins => n), now() - make_interval(mins => n), 'unchanged', 5 FROM generate_series(1, 120) n`;
    await run();
    const runs = await database.feedRun.findMany({ where: { feedId: feed.id }, orderBy: { id: "desc" } });
    expect(runs).toHaveLength(100);
    expect(runs[0]?.outcome).toBe("updated");
  });

  it("deleting a feed removes its published file, then the feed; the name can be used again", async () => {
    const feed = await feedWithGoodCopy();
    expect(readPublished(feed.name)).not.toBeNull();
    await applied({ type: "feed.delete", input: { feedId: feed.id } });
    expect(await run()).toBeNull();
    expect(await publish(feed.id)).toMatchObject({ status: "withdrawn", keys: [feedObjectKey(feed.name)] });
    expect(await database.feed.findUnique({ where: { id: feed.id } })).toBeNull();
    const { outcome } = await send({ type: "feed.create", input: { name: feed.name, sourceUrl: "https://vendor.example/r.json", format: "json", schedule: "0 * * * *" } });
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.stringMatching(/still being removed/) });
    await deleteSupersededObjects({ database, publisher, invalidate: () => undefined });
    expect(readPublished(feed.name)).toBeNull();
    await createFeed({ name: feed.name });
  });

  it("an edit to the mapping forgets the validators and fetches in full, and the new mapping is published", async () => {
    const feed = await feedWithGoodCopy();
    const settings = { feedId: feed.id, sourceUrl: `http://127.0.0.1:${vendor.port}/results.json`, format: "json", schedule: YEARLY, itemsPointer: "/results", mapping: [{ from: "/candidate/name", to: "candidate" }] };
    await applied({ type: "feed.update", input: settings });
    expect(await run()).toMatchObject({ outcome: "updated", statusCode: 200, version: 3 });
    expect(vendor.requests.at(-1)?.headers["if-none-match"]).toBeUndefined();
    await publish(feed.id);
    expect(readPublished(feed.name)?.data).toEqual([{ candidate: "Ada" }, { candidate: "Grace" }]);
    const stale = await send({ type: "feed.update", input: { ...settings, expectedVersion: 1 } });
    expect(stale.outcome).toMatchObject({ status: "rejected", reason: expect.stringMatching(/Someone changed this feed/) });
  });
});

describe("the SSRF guard on feed runs", () => {
  it.each([
    ["127.0.0.1", (port: number) => `http://127.0.0.1:${port}/feed.json`, "refused: 127.0.0.1 is a loopback address"],
    ["[::ffff:127.0.0.1]", (port: number) => `http://[::ffff:127.0.0.1]:${port}/feed.json`, "refused: ::ffff:7f00:1 is a loopback address (IPv4-mapped form of 127.0.0.1)"],
    ["2130706433", (port: number) => `http://2130706433:${port}/feed.json`, "refused: 127.0.0.1 is a loopback address"],
    ["0x7f000001", (port: number) => `http://0x7f000001:${port}/feed.json`, "refused: 127.0.0.1 is a loopback address"],
    ["0177.0.0.1", (port: number) => `http://0177.0.0.1:${port}/feed.json`, "refused: 127.0.0.1 is a loopback address"],
  ])("a feed at %s makes no connection to the loopback canary and records the refusal", async (_label, urlOf, error) => {
    const feed = await createFeed({ sourceUrl: urlOf(canary.port) });
    expect(await run(EMPTY_ALLOWLIST)).toMatchObject({ outcome: "failed", error, statusCode: null });
    expect(canary.connections).toBe(0);
    expect((await getFeedAdminViewOrThrow({ feedId: feed.id }, database))?.feed.lastError).toBe(error);
    expect(readPublished(feed.name)).toBeNull();
  });

  it("a feed at 169.254.169.254 is refused without connecting anywhere", async () => {
    await createFeed({ sourceUrl: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" });
    const before = clientSockets;
    expect(await run(EMPTY_ALLOWLIST)).toMatchObject({ outcome: "failed", error: "refused: 169.254.169.254 is a cloud metadata address" });
    expect(clientSockets).toBe(before);
  });

  it.each([
    ["127.0.0.1", (port: number) => `http://127.0.0.1:${port}/`],
    ["[::ffff:127.0.0.1]", (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ["2130706433", (port: number) => `http://2130706433:${port}/`],
    ["169.254.169.254", () => "http://169.254.169.254/latest/meta-data/"],
  ])("a redirect from an allowlisted vendor to %s makes no connection to the canary", async (_label, targetOf) => {
    redirectTo = targetOf(canary.port);
    await createFeed({ sourceUrl: `http://127.0.0.2:${redirector.port}/feed.json` });
    const record = await run(parseFetchAllowlist("127.0.0.2"));
    expect(record).toMatchObject({ outcome: "failed", error: expect.stringMatching(/^refused: .* is a (loopback|cloud metadata) address/) });
    expect(redirector.requests.length).toBeGreaterThan(0);
    expect(canary.connections).toBe(0);
  });
});

describe("secret request headers", () => {
  it("are sent to the vendor and never appear in the queue, the admin view, the audit log, the command status or the logs", async () => {
    const logged: unknown[] = [];
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
      vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => void logged.push(args)) as never);
    }
    // Through the real door onto a real local queue: the value is sealed before it is queued.
    const queueDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-feeds-queue-"));
    const queue = new LocalQueue({ file: path.join(queueDir, "queue.sqlite") });
    try {
      const name = `secret-${randomUUID().slice(0, 6)}`;
      const envelope = await sendCommand(queue, {
        actorId: users.editor,
        command: { type: "feed.create", input: { name, sourceUrl: `http://127.0.0.1:${vendor.port}/r.json`, format: "json", schedule: "0 * * * *", headers: [{ name: "X-Api-Key", value: SECRET }] } },
      });
      const [received] = await queue.receive({ max: 1, visibilityMs: 10_000 });
      expect(received!.body).not.toContain(SECRET);
      for (const file of fs.readdirSync(queueDir)) expect(fs.readFileSync(path.join(queueDir, file)).includes(SECRET)).toBe(false);
      expect(await applyCommand(database, JSON.parse(received!.body))).toMatchObject({ status: "applied" });
      const feedId = (envelope.command as { feedId: string }).feedId;

      vendorHandler = (_request, response) => response.end('{"ok":true}');
      expect(await run()).toMatchObject({ outcome: "updated" });
      expect(vendor.requests.at(-1)?.headers["x-api-key"]).toBe(SECRET);

      // An update that lists the header without a value keeps it; a failing run logs a warning.
      const update = await applied({ type: "feed.update", input: { feedId, sourceUrl: `http://127.0.0.1:${vendor.port}/r.json`, format: "json", schedule: "0 * * * *", headers: [{ name: "X-Api-Key" }] } });
      vendorHandler = (_request, response) => response.writeHead(401).end("bad key");
      await runNow(feedId);
      await runFeedSchedulerOnce();
      expect(vendor.requests.at(-1)?.headers["x-api-key"]).toBe(SECRET);
      expect(logged.length).toBeGreaterThan(0);

      const view = await getFeedAdminViewOrThrow({ feedId }, database);
      expect(view?.feed.headerNames).toEqual(["X-Api-Key"]);
      const text = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item));
      const places = {
        adminView: text(view),
        adminList: text(await getFeedsAdminView({}, database)),
        audit: text(await database.auditLog.findMany({ where: { subjectType: "feed", subjectId: feedId } })),
        commandStatus: text([await getCommandStatus(database, { id: envelope.id, actorId: users.editor, canSeeAll: true }), await getCommandStatus(database, { id: update.id, actorId: users.editor, canSeeAll: true })]),
        commands: text(await database.command.findMany({ where: { documentId: feedId } })),
        storedColumn: text((await database.feed.findUniqueOrThrow({ where: { id: feedId } })).secretHeaders),
        logs: text(logged),
      };
      for (const [place, written] of Object.entries(places)) expect(written.includes(SECRET), place).toBe(false);
      expect(places.audit).toContain("X-Api-Key");
    } finally {
      await queue.close();
      fs.rmSync(queueDir, { recursive: true, force: true });
    }
  });
});

/** Runs the worker's scheduler loop until it has recorded one run, then stops it. */
async function runFeedSchedulerOnce(allowlist: TFetchAllowlist = VENDOR_ALLOWLIST) {
  const before = await database.feedRun.count();
  const controller = new AbortController();
  const loop = runFeedScheduler({ database, signal: controller.signal, allowlist });
  await expect.poll(() => database.feedRun.count(), { timeout: 10_000 }).toBeGreaterThan(before);
  controller.abort();
  await loop;
}

describe("one run at a time", () => {
  it("two scheduler loops racing run a due feed once", async () => {
    let active = 0;
    let maxActive = 0;
    vendorHandler = (_request, response) => {
      active++;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => {
        active--;
        response.end('{"slow":true}');
      }, 400);
    };
    const feed = await createFeed();
    const [first, second] = await Promise.all([run(), run()]);
    expect([first, second].filter((record) => record !== null)).toHaveLength(1);

    await runNow(feed.id);
    const controller = new AbortController();
    const loops = [1, 2].map(() => runFeedScheduler({ database, signal: controller.signal, allowlist: VENDOR_ALLOWLIST }));
    await expect.poll(() => database.feedRun.count({ where: { feedId: feed.id } }), { timeout: 10_000 }).toBe(2);
    // Both loops keep polling for a while: nothing is due, so nothing more runs.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    controller.abort();
    await Promise.all(loops);
    expect(vendor.requests).toHaveLength(2);
    expect(maxActive).toBe(1);
    expect(await database.feedRun.count({ where: { feedId: feed.id } })).toBe(2);
  });
});
