// `npm run bench` (write queue): acknowledgement latency of a post through the real HTTP path, the same under
// 50 connections reading the published JSON, post-to-published latency at 10 posts/s, the drain rate after
// an outage with and without a catch-up cap, and recovery (Postgres down for 30 s, then how long until drained).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pLimit from "p-limit";
import { FilePublisher } from "../publishers/file";
import { embeddedDatabaseUrl, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { sendCommand } from "../lib/commands/send-command";
import { createDb } from "../lib/db";
import { launchBallast } from "../test/support/launch-ballast";
import { applyMigrations } from "../lib/process/migrate";
import { projectRoot } from "../lib/process/project-paths";
import { hashPassword } from "../lib/auth/password";
import { applyCommand } from "../lib/commands/apply-command";
import { queueEntry } from "../lib/commands/queue-entry";
import { runApplyWorker } from "../lib/commands/run-apply-worker";
import { LocalQueue } from "../lib/queue/local-queue";
import { LocalWorkerControlStore } from "../lib/queue/local-worker-control-store";
import { runPublishWorker } from "../lib/publishing/run-publish-worker";
import { readEnv } from "../lib/env";

const PORT = 3190;
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: "bench-admin@example.com", password: "bench-admin-password-1" };
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function request(method: string, url: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = options.body === undefined ? options.headers : { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) };
    const req = http.request(url, { method, agent, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

function cookiesFrom(headers: http.IncomingHttpHeaders, jar: Map<string, string>) {
  for (const line of headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    const [name, ...value] = pair!.split("=");
    jar.set(name!.trim(), value.join("="));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

async function signIn(): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await request("GET", `${BASE}/api/auth/csrf`);
  cookiesFrom(csrf.headers, jar);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, callbackUrl: `${BASE}/admin` });
  const response = await request("POST", `${BASE}/api/auth/callback/credentials`, {
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), origin: BASE },
    body: form.toString(),
  });
  cookiesFrom(response.headers, jar);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) throw new Error(`sign-in failed (${response.status}${response.headers.location ? ` to ${response.headers.location}` : ""})`);
  return cookieHeader(jar);
}

// Server-side split of each acknowledgement (from the Server-Timing header), to show where the time goes.
const serverTimings = new Map<string, number[]>();

async function measureAcks(cookie: string, slug: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  serverTimings.clear();
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await request("POST", `${BASE}/api/liveblogs/${slug}/entries`, {
      headers: { "content-type": "application/json", cookie, origin: BASE },
      body: JSON.stringify({ body: `Bench post ${index}` }),
    });
    if (response.status !== 202) throw new Error(`post failed: ${response.status} ${response.body}`);
    latencies.push(performance.now() - started);
    for (const part of String(response.headers["server-timing"] ?? "").split(",")) {
      const match = /^\s*([\w-]+);dur=([\d.]+)/.exec(part);
      if (match) serverTimings.set(match[1]!, [...(serverTimings.get(match[1]!) ?? []), Number(match[2])]);
    }
  }
  return latencies;
}

async function main() {
  console.log("\nBallast write-queue benchmark (local queue driver, embedded Postgres, production build)\n");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-bench-queue-"));
  fs.chmodSync(root, 0o755);
  const appDir = path.join(root, "app");
  const launcher = launchBallast({ DATABASE_URL: "", BALLAST_DATA_DIR: appDir, PORT: String(PORT), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  await launcher.ready;
  try {
    const cookie = await signIn();
    const slug = `bench-${Date.now()}`;
    // The blog is created through the same queue the admin's server action uses (actions are not callable from here).
    const queue = new LocalQueue({ file: path.join(appDir, "queue", "commands.sqlite") });
    const adminDb = createDb(embeddedDatabaseUrl(appDir)!);
    const admin = await adminDb.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    await sendCommand(queue, { actorId: admin.id, command: { type: "liveblog.create", liveBlogId: randomUUID(), input: { title: "Bench", slug, description: "", status: "live" } } });
    for (let attempt = 0; attempt < 200 && !(await adminDb.liveBlog.findUnique({ where: { slug } })); attempt++) await new Promise((r) => setTimeout(r, 50));

    await measureAcks(cookie, slug, 200); // warm-up: a running admin has its hot path compiled by the JIT
    const quiet = await measureAcks(cookie, slug, 300);
    console.log(`write acknowledgement (POST /api/liveblogs/:slug/entries -> 202, ${quiet.length} posts one at a time, after 200 to warm up)`);
    console.log(`  p50 ${fmt(percentile(quiet, 50))}   p99 ${fmt(percentile(quiet, 99))}`);
    console.log(`  inside the handler, p50: ${[...serverTimings].map(([name, values]) => `${name} ${fmt(percentile(values, 50))}`).join(", ")}`);

    const underReaders = async (label: string, readUrl: string) => {
      const readers = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench/read-load.ts"), readUrl, "50"], { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
      let readerOutput = "";
      readers.stdout!.on("data", (chunk: Buffer) => (readerOutput += chunk.toString()));
      while (!readerOutput.includes("ready")) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 1000)); // let the readers reach full speed
      const loaded = await measureAcks(cookie, slug, 300);
      const exited = new Promise((resolve) => readers.once("exit", resolve));
      readers.kill("SIGTERM");
      await exited;
      const { reads, seconds } = JSON.parse(readerOutput.slice(readerOutput.indexOf("{"))) as { reads: number; seconds: number };
      console.log(`write acknowledgement while 50 connections read latest.json ${label} (${Math.round(reads / seconds)} reads/s, readers in their own process)`);
      console.log(`  p50 ${fmt(percentile(loaded, 50))}   p99 ${fmt(percentile(loaded, 99))}`);
    };
    // As deployed: readers hit the CDN (here a separate static server process), never the admin.
    const cdn = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench/cdn-stand-in.ts"), path.join(appDir, "public"), String(PORT + 1)], { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise((resolve) => cdn.stdout!.once("data", resolve));
    await underReaders("from a CDN stand-in process", `http://127.0.0.1:${PORT + 1}/liveblogs/${slug}/latest.json`);
    cdn.kill("SIGTERM");
    // Worst case: no CDN at all, readers on the admin's own /cdn route.
    await underReaders("from the admin's own /cdn route (no CDN)", `${BASE}/cdn/liveblogs/${slug}/latest.json`);

    // Post -> published at 10 posts/s, through HTTP, watching the published head on disk.
    const publishedFile = path.join(appDir, "public", "liveblogs", slug, "latest.json");
    const sentAt = new Map<string, number>();
    const seenAt = new Map<string, number>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          const head = JSON.parse(fs.readFileSync(publishedFile, "utf8")) as { entries: { html: string }[] };
          for (const entry of head.entries) {
            const text = entry.html.replace(/<[^>]*>/g, "");
            if (sentAt.has(text) && !seenAt.has(text)) seenAt.set(text, performance.now());
          }
        } catch {
          // mid-rename or not there yet
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const started = performance.now();
    const posts = [];
    for (let index = 0; index < 100; index++) {
      const due = started + index * 100;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = `Rate post ${index}`;
      sentAt.set(body, performance.now());
      posts.push(request("POST", `${BASE}/api/liveblogs/${slug}/entries`, { headers: { "content-type": "application/json", cookie, origin: BASE }, body: JSON.stringify({ body }) }));
    }
    await Promise.all(posts);
    for (let attempt = 0; attempt < 200 && seenAt.size < sentAt.size; attempt++) await new Promise((r) => setTimeout(r, 50));
    watching = false;
    await watcher;
    const endToEnd = [...sentAt].filter(([body]) => seenAt.has(body)).map(([body, at]) => seenAt.get(body)! - at);
    if (endToEnd.length < sentAt.size) throw new Error(`only ${endToEnd.length} of ${sentAt.size} posts appeared in ${publishedFile} within 10 s`);
    console.log(`post -> visible in the published latest.json at 10 posts/s (${endToEnd.length}/${sentAt.size} seen)`);
    console.log(`  p50 ${fmt(percentile(endToEnd, 50))}   p99 ${fmt(percentile(endToEnd, 99))}`);
    await queue.close();
    await adminDb.$disconnect();
  } finally {
    await launcher.stop();
  }

  // Drain after an outage: 2,000 commands queued while no worker could apply them, then one worker catches up.
  const drainDir = path.join(root, "drain");
  let postgres = await startEmbeddedPostgres({ dataDir: drainDir, log: () => undefined });
  try {
    await applyMigrations(postgres.url);
    const database = createDb(postgres.url);
    const editor = await database.user.create({ data: { email: "drain@example.com", name: "Drain", role: "editor", passwordHash: await hashPassword("drain-password-1") } });
    const blogs: string[] = [];
    for (let index = 0; index < 20; index++) {
      const liveBlogId = randomUUID();
      await applyCommand(database, { v: 1, id: randomUUID(), actorId: editor.id, issuedAt: new Date().toISOString(), command: { type: "liveblog.create", liveBlogId, input: { title: `Drain ${index}`, slug: `drain-${index}`, description: "", status: "live" } } });
      blogs.push(liveBlogId);
    }
    console.log("\ndrain after an outage (2,000 queued posts across 20 blogs, one apply worker + one publish worker)");
    for (const cap of [0, 100]) {
      const queue = new LocalQueue({ file: path.join(drainDir, `queue-${cap}.sqlite`) });
      const limit = pLimit(1);
      await Promise.all(Array.from({ length: 2000 }, (_, index) => limit(() => queueEntry(queue, { actorId: editor.id, input: { liveBlogId: blogs[index % blogs.length]!, body: `Drain ${index}` } }))));
      const controller = new AbortController();
      const startedAt = performance.now();
      const workers = Promise.all([
        runApplyWorker({ database, queue, signal: controller.signal, maxApplyPerSecond: cap }),
        runPublishWorker({ database, publisher: new FilePublisher(path.join(drainDir, "public")), pollMs: 50, concurrency: 4, minIntervalMs: readEnv().PUBLISH_MIN_INTERVAL_MS, signal: controller.signal }),
      ]);
      while ((await queue.stats()).depth > 0) await new Promise((r) => setTimeout(r, 20));
      const seconds = (performance.now() - startedAt) / 1000;
      controller.abort();
      await workers;
      await queue.close();
      console.log(`  ${cap ? `cap ${cap}/s` : "no cap"}:  ${(2000 / seconds).toFixed(0)} commands/s (${seconds.toFixed(1)} s)`);
    }

    // Recovery: the workers run through a 30-second outage while 500 posts are queued, then Postgres comes back.
    const RECOVERY_POSTS = 500;
    const OUTAGE_MS = 30_000;
    console.log(`\nrecovery (Postgres stopped for ${OUTAGE_MS / 1000} s while ${RECOVERY_POSTS} posts are queued over 5 blogs, then started; one apply worker + one publish worker)`);
    const recoveryQueueFile = path.join(drainDir, "queue-recovery.sqlite");
    const recoveryQueue = new LocalQueue({ file: recoveryQueueFile });
    const controls = new LocalWorkerControlStore({ file: recoveryQueueFile });
    const controller = new AbortController();
    let firstAppliedAt: number | null = null;
    const workers = Promise.all([
      runApplyWorker({ database, queue: recoveryQueue, controls, signal: controller.signal, onApplied: () => (firstAppliedAt ??= performance.now()) }),
      runPublishWorker({ database, publisher: new FilePublisher(path.join(drainDir, "public")), pollMs: 50, concurrency: 4, minIntervalMs: readEnv().PUBLISH_MIN_INTERVAL_MS, signal: controller.signal }),
    ]);
    await postgres.stop();
    const downAt = performance.now();
    for (let index = 0; index < RECOVERY_POSTS; index++) {
      await queueEntry(recoveryQueue, { actorId: editor.id, input: { liveBlogId: blogs[index % 5]!, body: `Recovery ${index}` } });
    }
    firstAppliedAt = null;
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + OUTAGE_MS - performance.now())));
    postgres = await startEmbeddedPostgres({ dataDir: drainDir, log: () => undefined });
    const upAt = performance.now();
    while ((await recoveryQueue.stats()).depth > 0) await new Promise((r) => setTimeout(r, 20));
    const drainedSeconds = (performance.now() - upAt) / 1000;
    const appliedAfter = firstAppliedAt === null ? "—" : `${((firstAppliedAt - upAt) / 1000).toFixed(2)} s`;
    controller.abort();
    await workers;
    await Promise.all([recoveryQueue.close(), controls.close()]);
    console.log(`  queue drained ${drainedSeconds.toFixed(1)} s after Postgres accepted connections again (first apply after ${appliedAfter}; ${(RECOVERY_POSTS / drainedSeconds).toFixed(0)} commands/s overall)`);
    await database.$disconnect();
  } finally {
    await postgres.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
