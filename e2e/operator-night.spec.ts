// The operator's night (issue 11's acceptance): Postgres is stopped; `npm run workers -- pause` works and the System
// page says "paused"; three editors post 300 entries, all acknowledged; Postgres is started; `resume`: every post is
// published once, in order, and the first is applied within 2 s of the resume.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { sendCommand } from "../lib/commands/send-command";
import { createDb, type Db } from "../lib/db";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { childEnv } from "../lib/env";
import { projectRoot } from "../lib/process/project-paths";
import { LocalQueue } from "../lib/queue/local-queue";
import { WORKER_CONTROLS_AUDIT_SUBJECT } from "../lib/system/schemas";
import { launchBallast, type TLaunchedBallast } from "../test/support/launch-ballast";
import { ADMIN, unique } from "./helpers";

const PORT = 3102;
const BASE = `http://localhost:${PORT}`;
const EDITORS = ["ada", "grace", "katherine"].map((name) => ({ name, email: `${name}-${Date.now()}@example.com`, password: `${name}-night-password-1` }));
const POSTS_PER_EDITOR = 100;

let postgres: EmbeddedPostgres;
let pgDataDir: string;
let appDataDir: string;
let launcher: TLaunchedBallast;
let database: Db;
const slug = unique("night");

test.describe.configure({ mode: "serial", timeout: 300_000 });

/** `npm run workers -- <args>` in the launcher's data folder, as an operator types it. */
function runWorkersCli(...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "workers", "--", ...args], {
      cwd: projectRoot,
      env: childEnv({ BALLAST_DATA_DIR: appDataDir, DATABASE_URL: postgres.url, LOG_LEVEL: "warn" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function signedInPage(browser: Browser, credentials: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${BASE}/login`);
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Live blogs" })).toBeVisible();
  return page;
}

type TPublishedEntry = { seq: number; html: string };

/** Every published entry of the blog, one per sequence number, from the head and the archive pages it names (the
 * head repeats the newest page's entries), as a reader gets them. */
async function readPublishedEntries(page: Page): Promise<TPublishedEntry[] | null> {
  const headResponse = await page.request.get(`${BASE}/cdn/liveblogs/${slug}/latest.json`);
  if (!headResponse.ok()) return null;
  const head = (await headResponse.json()) as { entries: TPublishedEntry[]; pages: { path: string }[] };
  const bySeq = new Map<number, TPublishedEntry>();
  for (const entry of head.entries) bySeq.set(entry.seq, entry);
  for (const ref of head.pages) {
    const pageResponse = await page.request.get(`${BASE}/cdn/liveblogs/${slug}/${ref.path}`);
    if (!pageResponse.ok()) return null;
    for (const entry of ((await pageResponse.json()) as { entries: TPublishedEntry[] }).entries) bySeq.set(entry.seq, entry);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  pgDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-e2e-night-pg-"));
  appDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-e2e-night-app-"));
  fs.chmodSync(pgDataDir, 0o755);
  postgres = await startEmbeddedPostgres({ dataDir: pgDataDir, log: () => undefined });
  launcher = launchBallast({ DATABASE_URL: postgres.url, BALLAST_DATA_DIR: appDataDir, PORT: String(PORT), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  await launcher.ready;
  database = createDb(postgres.url);
  for (const editor of EDITORS) {
    await database.user.create({ data: { email: editor.email, name: editor.name, role: "editor", passwordHash: await hashPassword(editor.password) } });
  }
  // A live blog, through the same write queue the admin uses.
  const admin = await database.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
  const queue = new LocalQueue({ file: path.join(appDataDir, "queue", "commands.sqlite") });
  await sendCommand(queue, { actorId: admin.id, command: { type: "liveblog.create", liveBlogId: randomUUID(), input: { title: "Election night", slug, description: "", status: "live" } } });
  await queue.close();
});

test.afterEach(async ({}, testInfo) => {
  // What the admin and the worker said, when something went wrong.
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach("launcher output", { body: launcher?.output() ?? "", contentType: "text/plain" });
});

test.afterAll(async () => {
  await database?.$disconnect();
  await launcher?.stop();
  await postgres?.stop();
  fs.rmSync(pgDataDir, { recursive: true, force: true });
  fs.rmSync(appDataDir, { recursive: true, force: true });
});

test("Postgres down: pause from the CLI, 300 posts from 3 editors acknowledged; Postgres back, resume: all published once, in order, first applied within 2 s", async ({ browser }) => {
  const admin = await signedInPage(browser, ADMIN);
  await expect.poll(async () => (await readPublishedEntries(admin))?.length ?? null, { timeout: 30_000 }).toBe(0);
  const editors = await Promise.all(EDITORS.map((editor) => signedInPage(browser, editor)));

  await postgres.stop();
  const pause = await runWorkersCli("pause");
  expect(pause.output).toContain("Workers paused");
  expect(pause.code).toBe(0);

  await admin.goto(`${BASE}/admin/system`);
  await expect(admin.getByTestId("database-unreachable")).toBeVisible();
  await expect(admin.getByTestId("worker-controls-state")).toHaveText("paused");
  await expect(admin.getByRole("button", { name: "Resume workers" })).toBeVisible();
  // The worker's own heartbeat, read beside the queue, not from Postgres.
  await expect(admin.getByTestId("worker-row").filter({ hasText: "paused" })).toHaveCount(1);
  // The System page's own controls work too with the database down (a cap high enough not to slow the catch-up).
  await admin.getByRole("spinbutton", { name: /Catch-up cap/ }).fill("1000");
  await admin.getByRole("button", { name: "Set cap" }).click();
  await expect(admin.getByText("The audit log gets this change when the database is back.")).toBeVisible();
  await expect(admin.getByTestId("worker-controls")).toContainText("Catch-up cap: 1000 commands/s per worker");

  const commandIds: string[] = [];
  await Promise.all(
    editors.map(async (page, editorIndex) => {
      for (let index = 1; index <= POSTS_PER_EDITOR; index++) {
        const response = await page.request.post(`${BASE}/api/liveblogs/${slug}/entries`, {
          data: { body: `<p>${EDITORS[editorIndex]!.name} ${index}</p>` },
          headers: { origin: BASE },
        });
        expect(response.status(), await response.text()).toBe(202);
        commandIds.push(((await response.json()) as { commandId: string }).commandId);
      }
    }),
  );
  expect(new Set(commandIds).size).toBe(EDITORS.length * POSTS_PER_EDITOR);
  await admin.reload();
  await expect(admin.getByTestId("queue-depth")).toContainText(`${commandIds.length} waiting`);

  postgres = await startEmbeddedPostgres({ dataDir: pgDataDir, log: () => undefined });
  // Still paused: with the database back, nothing is applied until the operator says so.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(await database.command.count({ where: { id: { in: commandIds } } })).toBe(0);

  const resume = await runWorkersCli("resume");
  expect(resume.code, resume.output).toBe(0);
  const cliDoneAtMs = Date.now();
  await expect.poll(() => database.command.count({ where: { id: { in: commandIds } } }), { timeout: 120_000, intervals: [100] }).toBe(commandIds.length);
  const drainedAtMs = Date.now();

  // The resume's own moment is in its audit row (written by a worker once Postgres answered), in this machine's clock.
  const controlAudits = await database.auditLog.findMany({ where: { subjectType: WORKER_CONTROLS_AUDIT_SUBJECT }, orderBy: { id: "asc" } });
  expect(controlAudits.map((row) => row.details)).toEqual([
    expect.objectContaining({ paused: true, via: "cli" }),
    expect.objectContaining({ maxApplyPerSecond: 1000, via: "admin", by: ADMIN.email }),
    expect.objectContaining({ paused: false, via: "cli" }),
  ]);
  const resumedAtMs = Date.parse((controlAudits[2]!.details as { changedAt: string }).changedAt);
  const firstApplied = await database.command.findFirstOrThrow({ where: { id: { in: commandIds } }, orderBy: { appliedAt: "asc" } });
  const firstApplyMs = firstApplied.appliedAt.getTime() - resumedAtMs;
  console.log(`resume -> first apply ${firstApplyMs} ms; resume -> queue drained ${((drainedAtMs - resumedAtMs) / 1000).toFixed(1)} s (${commandIds.length} posts; the CLI returned ${cliDoneAtMs - resumedAtMs} ms after the change)`);
  expect(firstApplyMs).toBeLessThan(2_000);

  // Every post published once, each editor's in the order they were acknowledged.
  await expect.poll(async () => (await readPublishedEntries(admin))?.length ?? null, { timeout: 60_000, intervals: [500] }).toBe(commandIds.length);
  const published = (await readPublishedEntries(admin))!;
  // None twice: a post applied twice would be two entries with one text.
  expect(new Set(published.map((entry) => entry.html)).size).toBe(published.length);
  expect(await database.entry.count({ where: { liveBlog: { slug } } })).toBe(commandIds.length);
  for (const editor of EDITORS) {
    const theirs = published.map((entry) => entry.html).filter((html) => html.startsWith(`<p>${editor.name} `));
    expect(theirs).toEqual(Array.from({ length: POSTS_PER_EDITOR }, (_, index) => `<p>${editor.name} ${index + 1}</p>`));
  }
  console.log(`resume -> all ${published.length} published ${((Date.now() - resumedAtMs) / 1000).toFixed(1)} s`);

  await admin.reload();
  await expect(admin.getByTestId("worker-controls-state")).toHaveText("running");
  await expect(admin.getByTestId("database-unreachable")).toHaveCount(0);
});
