// The write queue end to end: a database outage, crashing workers, a crashing admin, and poison messages.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { hashPassword } from "../auth/password";
import { projectRoot } from "../process/project-paths";
import { applyMigrations } from "../process/migrate";
import { startEmbeddedPostgres } from "../db/embedded-postgres";
import { createDb, disconnectWithin, type Db } from "../db";
import { childEnv } from "../env";
import { LocalQueue } from "../queue/local-queue";
import { ZArchivePageSchema, ZLiveBlogHeadSchema } from "../render/schemas";
import { liveBlogHeadKey } from "../publishing/publish-liveblog";
import { runPublishWorker } from "../publishing/run-publish-worker";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { applyCommand } from "./apply-command";
import { queueEntry } from "./queue-entry";
import { runApplyWorker } from "./run-apply-worker";
import { sendCommand } from "./send-command";

const tempDirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

/** Every published entry of a blog, oldest first, read from the head and the archive pages it links. */
function publishedBodies(publicDir: string, slug: string): string[] | null {
  const headFile = path.join(publicDir, liveBlogHeadKey(slug));
  if (!fs.existsSync(headFile)) return null;
  const head = ZLiveBlogHeadSchema.parse(JSON.parse(fs.readFileSync(headFile, "utf8")));
  const bySeq = new Map<number, string>();
  for (const entry of head.entries) bySeq.set(entry.seq, entry.html);
  for (const ref of head.pages) {
    const page = ZArchivePageSchema.parse(JSON.parse(fs.readFileSync(path.join(publicDir, "liveblogs", slug, ref.path), "utf8")));
    for (const entry of page.entries) bySeq.set(entry.seq, entry.html);
  }
  return [...bySeq.entries()].sort(([a], [b]) => a - b).map(([, body]) => body);
}

async function createBlogThroughQueue(database: Db, queue: LocalQueue, actorId: string) {
  const liveBlogId = randomUUID();
  const slug = `wq-${uniqueSuffix()}`;
  const envelope = await sendCommand(queue, { actorId, command: { type: "liveblog.create", liveBlogId, input: { title: "Queue test", slug, description: "", status: "live" } } });
  return { liveBlogId, slug, commandId: envelope.id };
}

describe("the write queue (local driver, real Postgres)", () => {
  it("keeps accepting posts while Postgres is down, and publishes all 200 in order, once each, after it returns", async () => {
    const dataDir = tempDir("ballast-outage-pg-");
    const publicDir = tempDir("ballast-outage-public-");
    let postgres = await startEmbeddedPostgres({ dataDir, log: () => undefined });
    await applyMigrations(postgres.url);
    const database = createDb(postgres.url);
    const queue = new LocalQueue({ file: path.join(tempDir("ballast-outage-queue-"), "commands.sqlite") });
    const editor = await database.user.create({ data: { email: `outage-${uniqueSuffix()}@example.com`, name: "Outage editor", role: "editor", passwordHash: await hashPassword("outage-password-1") } });
    const controller = new AbortController();
    const workers = Promise.all([
      runApplyWorker({ database, queue, signal: controller.signal }),
      runPublishWorker({ database, publisher: new FilePublisher(publicDir), pollMs: 50, signal: controller.signal }),
    ]);
    try {
      const blog = await createBlogThroughQueue(database, queue, editor.id);
      await expect.poll(() => publishedBodies(publicDir, blog.slug), { timeout: 15_000 }).toEqual([]);

      await postgres.stop();
      const accepted = [];
      for (let index = 1; index <= 200; index++) {
        accepted.push(await queueEntry(queue, { actorId: editor.id, input: { liveBlogId: blog.liveBlogId, body: `Outage post ${index}` } }));
      }
      expect(accepted).toHaveLength(200);
      expect((await queue.stats()).depth).toBeGreaterThanOrEqual(200);

      postgres = await startEmbeddedPostgres({ dataDir, log: () => undefined });
      const expected = Array.from({ length: 200 }, (_, index) => `Outage post ${index + 1}`);
      await expect.poll(() => publishedBodies(publicDir, blog.slug), { timeout: 60_000, interval: 250 }).toEqual(expected);
      expect(await database.auditLog.count({ where: { action: "entry.create", actorId: editor.id } })).toBe(200);
      expect(await database.command.count({ where: { id: { in: accepted.map((post) => post.commandId) }, status: "applied" } })).toBe(200);
    } finally {
      controller.abort();
      await workers;
      await disconnectWithin(database, 5_000);
      await queue.close();
      await postgres.stop();
    }
  }, 180_000);

  it("loses and duplicates nothing while workers are killed with -9 over and over during 1,000 commands", async () => {
    const dataDir = tempDir("ballast-crash-data-");
    const queueFile = path.join(dataDir, "queue", "commands.sqlite");
    const queue = new LocalQueue({ file: queueFile });
    const editor = await createTestUser({ role: "editor" });
    const blogs = [];
    for (let index = 0; index < 10; index++) {
      const blog = await createBlogThroughQueue(testDb(), queue, editor.id);
      blogs.push(blog);
    }
    const commandIds = blogs.map((blog) => blog.commandId);
    for (let index = 0; index < 1000; index++) {
      const blog = blogs[index % blogs.length]!;
      commandIds.push((await queueEntry(queue, { actorId: editor.id, input: { liveBlogId: blog.liveBlogId, body: `Crash post ${Math.floor(index / blogs.length) + 1}` } })).commandId);
    }

    const appliedCount = () => testDb().command.count({ where: { id: { in: commandIds } } });
    const startWorker = () => {
      const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(projectRoot, "bin/worker.ts")], {
        cwd: projectRoot,
        env: childEnv({ DATABASE_URL: inject("databaseUrl"), BALLAST_DATA_DIR: dataDir, PUBLISH_TARGET: `file://${path.join(dataDir, "public")}`, LOG_LEVEL: "info", APPLY_VISIBILITY_MS: "2000" }),
        stdio: ["ignore", "pipe", "ignore"],
      });
      children.push(worker);
      // Resolves once the worker has loaded and starts receiving, so a kill always lands mid-work, however slow start-up is.
      const started = new Promise<void>((resolve) => {
        let output = "";
        worker.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("worker started")) resolve();
        });
        worker.once("exit", () => resolve());
      });
      return { worker, started };
    };
    // Kill workers mid-stream until a good share is applied, then let one finish the rest.
    let kills = 0;
    const progress: number[] = [];
    while (kills < 12 && (await appliedCount()) < commandIds.length * 0.8) {
      const { worker, started } = startWorker();
      await started;
      // A worker applies a few hundred commands a second: short lives make several kills land before 80% is applied.
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700));
      worker.kill("SIGKILL");
      await new Promise((resolve) => worker.once("exit", resolve));
      kills++;
      progress.push(await appliedCount());
    }
    const { worker: finisher } = startWorker();
    await expect.poll(appliedCount, { timeout: 120_000, interval: 500 }).toBe(commandIds.length);
    finisher.kill("SIGTERM");
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(progress.some((count) => count > 0 && count < commandIds.length)).toBe(true);
    for (const blog of blogs) {
      const entries = await testDb().entry.findMany({ where: { liveBlogId: blog.liveBlogId }, orderBy: { seq: "asc" } });
      expect(entries.map((entry) => entry.body)).toEqual(Array.from({ length: 100 }, (_, index) => `Crash post ${index + 1}`));
    }
    await queue.close();
  }, 240_000);

  it("applies a post that was acknowledged just before the admin process was killed with -9", async () => {
    const queueFile = path.join(tempDir("ballast-admin-kill-"), "commands.sqlite");
    const editor = await createTestUser({ role: "editor" });
    const queue = new LocalQueue({ file: queueFile });
    const blog = await createBlogThroughQueue(testDb(), queue, editor.id);
    const script = `
      import { LocalQueue } from ${JSON.stringify(path.join(projectRoot, "lib/queue/local-queue.ts"))};
      import { queueEntry } from ${JSON.stringify(path.join(projectRoot, "lib/commands/queue-entry.ts"))};
      const queue = new LocalQueue({ file: ${JSON.stringify(queueFile)} });
      const { commandId } = await queueEntry(queue, { actorId: ${JSON.stringify(editor.id)}, input: { liveBlogId: ${JSON.stringify(blog.liveBlogId)}, body: "Survived the crash" } });
      console.log("acked " + commandId);
      process.kill(process.pid, "SIGKILL");`;
    const scriptFile = path.join(tempDir("ballast-admin-script-"), "post.mts");
    fs.writeFileSync(scriptFile, script);
    const output = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", scriptFile], { cwd: projectRoot, env: childEnv({ LOG_LEVEL: "silent" }), stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.on("exit", (_code, signal) => resolve(`${text}${signal}`));
    });
    expect(output).toMatch(/^acked [0-9a-f-]{36}\nSIGKILL$/);

    const controller = new AbortController();
    const worker = runApplyWorker({ database: testDb(), queue, signal: controller.signal });
    await expect.poll(() => testDb().entry.count({ where: { liveBlogId: blog.liveBlogId, body: "Survived the crash" } }), { timeout: 15_000 }).toBe(1);
    controller.abort();
    await worker;
    await queue.close();
  }, 60_000);

  it("moves a poison command to the dead letters after N attempts while other blogs keep publishing, and can retry it", async () => {
    const queue = new LocalQueue({ file: path.join(tempDir("ballast-poison-"), "commands.sqlite"), maxAttempts: 3 });
    const editor = await createTestUser({ role: "editor" });
    const healthy = await createBlogThroughQueue(testDb(), queue, editor.id);
    await queue.send({ id: randomUUID(), groupId: `liveblog:${randomUUID()}`, body: "this is not a command" });
    for (let index = 1; index <= 5; index++) await queueEntry(queue, { actorId: editor.id, input: { liveBlogId: healthy.liveBlogId, body: `Healthy ${index}` } });

    const controller = new AbortController();
    const worker = runApplyWorker({ database: testDb(), queue, signal: controller.signal });
    await expect.poll(async () => (await queue.listDeadLetters(10)).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => testDb().entry.count({ where: { liveBlogId: healthy.liveBlogId } }), { timeout: 20_000 }).toBe(5);
    const [deadLetter] = await queue.listDeadLetters(10);
    expect(deadLetter).toMatchObject({ body: "this is not a command", attempts: 3, lastError: expect.stringContaining("Not a valid command") });
    expect((await queue.stats()).deadLetters).toBe(1);

    await queue.retryDeadLetter(deadLetter!.id);
    await expect.poll(async () => (await queue.listDeadLetters(10)).length, { timeout: 20_000 }).toBe(1);
    await queue.discardDeadLetter(deadLetter!.id);
    expect((await queue.stats()).deadLetters).toBe(0);
    controller.abort();
    await worker;
    await queue.close();
  }, 60_000);

  it("applies commands idempotently even when the same command is applied concurrently", async () => {
    const editor = await createTestUser({ role: "editor" });
    const queue = new LocalQueue({ file: path.join(tempDir("ballast-concurrent-"), "commands.sqlite") });
    const blog = await createBlogThroughQueue(testDb(), queue, editor.id);
    const controller = new AbortController();
    const worker = runApplyWorker({ database: testDb(), queue, signal: controller.signal });
    await expect.poll(() => testDb().liveBlog.count({ where: { id: blog.liveBlogId } }), { timeout: 10_000 }).toBe(1);
    controller.abort();
    await worker;
    const command = { v: 1 as const, id: randomUUID(), actorId: editor.id, issuedAt: new Date().toISOString(), command: { type: "entry.create" as const, entryId: randomUUID(), input: { liveBlogId: blog.liveBlogId, body: "Twice at once" } } };
    const outcomes = await Promise.all([applyCommand(testDb(), command), applyCommand(testDb(), command)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["applied", "duplicate"]);
    expect(await testDb().entry.count({ where: { liveBlogId: blog.liveBlogId } })).toBe(1);
    await queue.close();
  });
});

