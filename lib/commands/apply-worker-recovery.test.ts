// The apply worker and the operator's controls through a database outage: pause with Postgres stopped, resume fast,
// no probing storm while it is down, and one log line per outage.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, inject, it, vi } from "vitest";
import { hashPassword } from "../auth/password";
import { createDb, disconnectWithin, type Db } from "../db";
import { startEmbeddedPostgres } from "../db/embedded-postgres";
import { logger } from "../logger";
import { applyMigrations } from "../process/migrate";
import { LocalQueue } from "../queue/local-queue";
import { LocalWorkerControlStore } from "../queue/local-worker-control-store";
import { WORKER_CONTROLS_AUDIT_SUBJECT } from "../system/schemas";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { queueEntry } from "./queue-entry";
import { runApplyWorker } from "./run-apply-worker";
import { sendCommand } from "./send-command";

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cli = { actorId: null, via: "cli", by: "operator@test" } as const;

/** A TCP proxy in front of Postgres that can play dead (closing every connection at once) and counts connection
 * attempts: what a worker does to a database that is down. */
async function startPostgresProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  let up = true;
  let attempts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    attempts++;
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", close);
      socket.on("close", close);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(databaseUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as net.AddressInfo).port);
  return {
    url: proxied.toString(),
    attempts: () => attempts,
    down() {
      up = false;
      for (const socket of sockets) socket.destroy();
    },
    up() {
      up = true;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function createBlog(queue: LocalQueue, actorId: string) {
  const liveBlogId = randomUUID();
  await sendCommand(queue, { actorId, command: { type: "liveblog.create", liveBlogId, input: { title: "Recovery test", slug: `recovery-${uniqueSuffix()}`, description: "" } } });
  return liveBlogId;
}

const bodiesOf = async (database: Db, liveBlogId: string) => (await database.entry.findMany({ where: { liveBlogId }, orderBy: { seq: "asc" } })).map((entry) => entry.body);

describe("the apply worker and the operator's controls through an outage", () => {
  it("is paused with Postgres stopped, applies nothing while paused (even once Postgres is back), and is woken by resume at once (not after its back-off)", async () => {
    const dataDir = tempDir("ballast-pause-pg-");
    let postgres = await startEmbeddedPostgres({ dataDir, log: () => undefined });
    await applyMigrations(postgres.url);
    const database = createDb(postgres.url);
    const queueFile = path.join(tempDir("ballast-pause-queue-"), "commands.sqlite");
    const queue = new LocalQueue({ file: queueFile });
    const workerControls = new LocalWorkerControlStore({ file: queueFile });
    // The operator's handle: another connection to the same file, as the CLI has.
    const operator = new LocalWorkerControlStore({ file: queueFile });
    const editor = await database.user.create({ data: { email: `pause-${uniqueSuffix()}@example.com`, name: "Pause editor", role: "editor", passwordHash: await hashPassword("pause-password-1") } });
    const applied: { id: string; atMs: number }[] = [];
    const controller = new AbortController();
    const worker = runApplyWorker({ database, queue, controls: workerControls, signal: controller.signal, workerId: "pause-test", onApplied: (message) => applied.push({ id: message.id, atMs: Date.now() }) });
    try {
      const liveBlogId = await createBlog(queue, editor.id);
      await expect.poll(() => applied.length, { timeout: 15_000 }).toBe(1);

      await postgres.stop();
      const pause = await operator.change({ paused: true }, cli);
      for (let index = 1; index <= 50; index++) await queueEntry(queue, { actorId: editor.id, input: { liveBlogId, body: `Held post ${index}` } });
      postgres = await startEmbeddedPostgres({ dataDir, log: () => undefined });
      // An unpaused worker would be applying well within this time.
      await sleep(3_000);
      expect(applied).toHaveLength(1);
      expect(await operator.listWorkers(60_000)).toMatchObject([{ id: "pause-test", state: "paused" }]);
      expect((await queue.stats()).depth).toBe(50);

      const resumedAtMs = Date.now();
      const resume = await operator.change({ paused: false }, cli);
      await expect.poll(() => applied.length, { timeout: 30_000, interval: 50 }).toBe(51);
      const firstApplyMs = applied[1]!.atMs - resumedAtMs;
      console.log(`first apply ${firstApplyMs} ms after resume; 50 applied in ${applied[50]!.atMs - resumedAtMs} ms`);
      // The 2 s goal is measured by `npm run bench` (recovery figure); here: woken by resume, not after its 30 s back-off.
      expect(firstApplyMs).toBeLessThan(10_000);
      expect(await bodiesOf(database, liveBlogId)).toEqual(Array.from({ length: 50 }, (_, index) => `Held post ${index + 1}`));

      // The CLI's pause and resume reach the audit log once Postgres is back, written by the worker.
      await expect.poll(() => database.auditLog.count({ where: { subjectType: WORKER_CONTROLS_AUDIT_SUBJECT, subjectId: { in: [pause.id, resume.id] } } }), { timeout: 10_000 }).toBe(2);
      expect((await operator.read()).unaudited).toEqual([]);
    } finally {
      controller.abort();
      await worker;
      await disconnectWithin(database, 5_000);
      await Promise.all([queue.close(), workerControls.close(), operator.close()]);
      await postgres.stop();
    }
  }, 180_000);

  it("probes a database that is down about once a second (never while paused), logs the outage once without a stack, and applies within seconds of its return (not after a long back-off)", async () => {
    const proxy = await startPostgresProxy(inject("databaseUrl"));
    const database = createDb(proxy.url);
    const queueFile = path.join(tempDir("ballast-probe-queue-"), "commands.sqlite");
    const queue = new LocalQueue({ file: queueFile });
    const controls = new LocalWorkerControlStore({ file: queueFile });
    const editor = await createTestUser({ role: "editor" });
    const warnings = vi.spyOn(logger, "warn");
    const infos = vi.spyOn(logger, "info");
    const applied: number[] = [];
    const controller = new AbortController();
    const worker = runApplyWorker({ database, queue, controls, signal: controller.signal, workerId: "probe-test", onApplied: () => applied.push(Date.now()) });
    try {
      const liveBlogId = await createBlog(queue, editor.id);
      await expect.poll(() => applied.length, { timeout: 15_000 }).toBe(1);

      proxy.down();
      const attemptsBefore = proxy.attempts();
      for (let index = 1; index <= 20; index++) await queueEntry(queue, { actorId: editor.id, input: { liveBlogId, body: `Outage post ${index}` } });
      await sleep(5_000);
      // One failed apply, then probes at 0.25, 0.75, 1.75, 2.75, 3.75, 4.75 s: never a storm.
      const attemptsWhileDown = proxy.attempts() - attemptsBefore;
      expect(attemptsWhileDown).toBeGreaterThanOrEqual(3);
      expect(attemptsWhileDown).toBeLessThanOrEqual(9);
      expect(await controls.listWorkers(60_000)).toMatchObject([{ id: "probe-test", state: "backing-off", lastError: expect.stringMatching(/^Postgres unreachable \(/) }]);

      proxy.up();
      const upAtMs = Date.now();
      await expect.poll(() => applied.length, { timeout: 30_000, interval: 50 }).toBe(21);
      console.log(`${attemptsWhileDown} connection attempts in 5 s down; first apply ${applied[1]! - upAtMs} ms after the database answered again`);
      // Probing about once a second, not sleeping out a long back-off (the 2 s goal is a benchmark figure).
      expect(applied[1]! - upAtMs).toBeLessThan(10_000);
      expect(await bodiesOf(testDb(), liveBlogId)).toEqual(Array.from({ length: 20 }, (_, index) => `Outage post ${index + 1}`));

      const outageLines = warnings.mock.calls.filter(([, message]) => String(message).startsWith("Postgres unreachable"));
      expect(outageLines).toHaveLength(1);
      expect(outageLines[0]![0]).not.toHaveProperty("err");
      expect(infos.mock.calls.filter(([, message]) => String(message).startsWith("Postgres reachable again"))).toHaveLength(1);

      // A paused worker leaves a database that is down alone entirely.
      await controls.change({ paused: true }, cli);
      await sleep(500);
      proxy.down();
      await queueEntry(queue, { actorId: editor.id, input: { liveBlogId, body: "Posted while paused and down" } });
      const attemptsWhilePaused = proxy.attempts();
      await sleep(2_000);
      expect(proxy.attempts()).toBe(attemptsWhilePaused);
      proxy.up();
      await controls.change({ paused: false }, cli);
      await expect.poll(() => applied.length, { timeout: 10_000 }).toBe(22);
    } finally {
      controller.abort();
      await worker;
      await disconnectWithin(database, 5_000);
      await Promise.all([queue.close(), controls.close()]);
      await proxy.stop();
    }
  }, 120_000);
});
