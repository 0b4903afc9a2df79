// Reader questions on an instance of its own (its own Postgres, which this spec stops, and limits raised so one test
// machine can play many readers): 1,000 questions from 50 concurrent clients are all acknowledged while Postgres is
// down and all appear for moderation after it is back, none twice; and the XSS corpus sent as questions runs no
// script in the moderation view or the widget.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { solveProofOfWork, type TChallenge } from "../lib/questions/proof-of-work";
import { XSS_VECTORS } from "../test/fixtures/xss-corpus";
import { launchBallast, type TLaunchedBallast } from "../test/support/launch-ballast";
import { ADMIN, E2E_PORT, createLiveBlog, signIn, unique } from "./helpers";

// One above the shared e2e server's port, so checkouts running side by side stay apart.
const PORT = E2E_PORT + 1;
const BASE = `http://localhost:${PORT}`;
const CLIENTS = 50;
const QUESTIONS = 1000;

let postgres: EmbeddedPostgres;
let pgDataDir: string;
let appDataDir: string;
let launcher: TLaunchedBallast;
let readerSite: http.Server;
let readerOrigin: string;

test.describe.configure({ mode: "serial", timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  pgDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-e2e-questions-pg-"));
  appDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-e2e-questions-app-"));
  fs.chmodSync(pgDataDir, 0o755);
  postgres = await startEmbeddedPostgres({ dataDir: pgDataDir, log: () => undefined });
  launcher = launchBallast({
    DATABASE_URL: postgres.url,
    BALLAST_DATA_DIR: appDataDir,
    PORT: String(PORT),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    QUESTIONS_PER_ADDRESS_PER_MINUTE: "100000",
    QUESTIONS_PER_BLOG_PER_MINUTE: "100000",
    // The server checks one hash whatever the difficulty; a low one keeps this machine's 1,000 solutions quick.
    QUESTIONS_POW_BITS: "8",
  });
  await launcher.ready;
  // A reader's site elsewhere (a real server: Chromium keeps pages of unknown address off localhost) embedding the widget.
  readerSite = http.createServer((request, response) => {
    const slug = new URL(request.url ?? "/", "http://x").searchParams.get("slug") ?? "";
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><h1>News</h1><div data-ballast-liveblog="${BASE}/cdn/liveblogs/${slug}/latest.json"></div><script src="${BASE}/cdn/widgets/ballast.js" async></script>`);
  });
  await new Promise<void>((resolve) => readerSite.listen(0, "127.0.0.1", resolve));
  readerOrigin = `http://127.0.0.1:${(readerSite.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  readerSite?.close();
  await launcher?.stop();
  await postgres?.stop();
  fs.rmSync(pgDataDir, { recursive: true, force: true });
  fs.rmSync(appDataDir, { recursive: true, force: true });
});

async function adminPage(browser: Browser, bypassCSP = false): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: BASE, bypassCSP })).newPage();
  await signIn(page, ADMIN);
  return page;
}

async function blogTakingQuestions(page: Page, title: string): Promise<string> {
  const slug = unique("questions");
  await createLiveBlog(page, { title, slug });
  await page.getByText("Settings", { exact: true }).click();
  const form = page.getByRole("form", { name: "Reader questions" });
  await form.getByLabel(/Readers can ask questions/).check();
  await form.getByLabel(/Sites that embed this blog/).fill(readerOrigin);
  await form.getByRole("button", { name: "Save question settings" }).click();
  await expect(async () => {
    const head = await (await page.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
    expect(head.questions?.accepting).toBe(true);
  }).toPass({ timeout: 30_000 });
  return slug;
}

/** One reader's client: a challenge, then each question with its proof of work, over plain HTTP. */
async function askAll(slug: string, questions: { id: string; name: string; text: string }[], origin = BASE): Promise<number[]> {
  const url = `${BASE}/api/public/liveblogs/${slug}/questions`;
  const challenge = (await (await fetch(`${url}/challenge`, { headers: { Origin: origin } })).json()) as TChallenge;
  const statuses: number[] = [];
  for (const question of questions) {
    const response = await fetch(url, { method: "POST", headers: { Origin: origin, "Content-Type": "application/json" }, body: JSON.stringify({ ...question, pow: solveProofOfWork(challenge, question.id) }) });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

test("with Postgres stopped, 1,000 questions from 50 concurrent clients are all acknowledged, and all appear for moderation after restart, none twice", async ({ browser }) => {
  const page = await adminPage(browser);
  const slug = await blogTakingQuestions(page, "Outage questions");
  const liveBlogId = ((await (await page.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json()) as { liveblog: { id: string } }).liveblog.id;

  await postgres.stop();
  const perClient = QUESTIONS / CLIENTS;
  const sent = Array.from({ length: CLIENTS }, (_, client) => Array.from({ length: perClient }, (_, n) => ({ id: randomUUID(), name: `Reader ${client}`, text: `Question ${n} from client ${client}` })));
  const started = performance.now();
  const statuses = await Promise.all(sent.map((questions) => askAll(slug, questions)));
  const seconds = (performance.now() - started) / 1000;
  console.log(`${QUESTIONS} questions from ${CLIENTS} clients acknowledged in ${seconds.toFixed(2)} s with Postgres stopped`);
  expect(statuses.flat()).toEqual(Array(QUESTIONS).fill(202));
  // Each client retries its first question (a lost answer): acknowledged again, stored once.
  const retries = await Promise.all(sent.map((questions) => askAll(slug, questions.slice(0, 1))));
  expect(retries.flat()).toEqual(Array(CLIENTS).fill(202));

  postgres = await startEmbeddedPostgres({ dataDir: pgDataDir, log: () => undefined });
  await page.goto(`/admin/liveblogs/${slug}/questions`);
  await expect(page.getByTestId("waiting-count")).toHaveText(`${QUESTIONS} waiting`, { timeout: 120_000 });
  const stored = await withDatabase(async (client) => {
    const rows = await client.query<{ id: string }>("SELECT id::text AS id FROM reader_questions WHERE live_blog_id = $1", [liveBlogId]);
    const commands = await client.query<{ count: number }>("SELECT count(*)::int AS count FROM commands WHERE type = 'question.submit' AND document_id = $1", [liveBlogId]);
    return { ids: rows.rows.map((row) => row.id), commands: commands.rows[0]!.count };
  });
  expect(stored.ids).toHaveLength(QUESTIONS);
  expect(new Set(stored.ids)).toEqual(new Set(sent.flat().map((question) => question.id)));
  expect(stored.commands).toBe(QUESTIONS);
});

/** Counts script execution: the corpus calls alert() or __xss(); any dialog counts too. */
async function watchForScripts(page: Page): Promise<() => Promise<number>> {
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const canary = window as unknown as { __xssCount: number; __xss: () => void };
    canary.__xssCount = 0;
    canary.__xss = () => void canary.__xssCount++;
  });
  return async () => dialogs + (await page.evaluate(() => (window as unknown as { __xssCount: number }).__xssCount));
}

/** The control: a payload inserted on purpose must be counted, or a 0 would prove nothing. */
async function expectDetectorCounts(page: Page, scripts: () => Promise<number>) {
  const before = await scripts();
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="__xss()">'));
  await expect.poll(scripts).toBe(before + 1);
}

test("the XSS corpus sent as questions runs no script in the moderation view or the widget", async ({ browser }) => {
  const page = await adminPage(browser);
  const slug = await blogTakingQuestions(page, "XSS questions");
  const questions = XSS_VECTORS.map((vector, index) => ({ id: randomUUID(), name: `V${index} ${vector.replace(/\s+/g, " ").slice(0, 70)}`, text: `Vector ${index}: ${vector.slice(0, 980)}` }));
  // From the reader's site, as the widget would send them.
  const statuses = await askAll(slug, questions, readerOrigin);
  expect(statuses.every((status) => status === 202 || status === 400)).toBe(true);
  const accepted = questions.filter((_, index) => statuses[index] === 202);
  expect(accepted.length).toBeGreaterThan(XSS_VECTORS.length / 2);
  await expect(async () => {
    const view = await (await page.request.get(`/api/liveblogs/${slug}/questions`)).json();
    expect(view.waitingCount).toBe(accepted.length);
  }).toPass({ timeout: 60_000 });

  // Without the admin's CSP, which would block the payloads on its own: this tests that questions are shown as text.
  const moderator = await adminPage(browser, true);
  const moderatorScripts = await watchForScripts(moderator);
  await moderator.goto(`/admin/liveblogs/${slug}/questions`);
  await expect(moderator.getByTestId("question").first()).toBeVisible();
  await moderator.waitForTimeout(1500);
  expect(await moderatorScripts()).toBe(0);

  const reader = await browser.newPage();
  const readerScripts = await watchForScripts(reader);
  // The head publishes the newest 50 approved questions: approve them 50 at a time (rejecting the last lot), and look
  // at each lot in the moderation view ("Recently moderated") and in the widget on the reader's site.
  const liveBlogId = ((await (await page.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json()) as { liveblog: { id: string } }).liveblog.id;
  const moderate = (questionId: string, decision: string) => page.request.post("/api/commands", { data: { type: "question.moderate", payload: { liveBlogId, questionId, decision } } });
  let previous: typeof accepted = [];
  for (let start = 0; start < accepted.length; start += 50) {
    const lot = accepted.slice(start, start + 50);
    for (const question of previous) expect((await moderate(question.id, "reject")).status()).toBe(202);
    for (const question of lot) expect((await moderate(question.id, "approve")).status()).toBe(202);
    await expect(async () => {
      const head = await (await page.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
      expect(new Set(head.questions.items.map((item: { id: string }) => item.id))).toEqual(new Set(lot.map((question) => question.id)));
    }).toPass({ timeout: 60_000 });

    await moderator.goto(`/admin/liveblogs/${slug}/questions`);
    await expect(moderator.getByTestId("moderated-questions").getByTestId("question").filter({ hasText: lot[0]!.text.slice(0, 20) }).first()).toBeVisible();
    await reader.goto(`${readerOrigin}/?slug=${slug}`);
    await expect(reader.locator(".ballast-question")).toHaveCount(lot.length, { timeout: 30_000 });
    await expect(reader.locator(".ballast-question").first()).toContainText("Vector");
    previous = lot;
  }
  // Payloads such as onerror and delayed timers fire after rendering: give them a moment to show themselves.
  await reader.waitForTimeout(1500);
  expect(await moderatorScripts()).toBe(0);
  expect(await readerScripts()).toBe(0);
  await expectDetectorCounts(moderator, moderatorScripts);
  await expectDetectorCounts(reader, readerScripts);
});
