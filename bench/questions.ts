// `npm run bench` (reader questions): acknowledged questions per second and acknowledgement latency (p50 / p99) at 50
// concurrent clients posting to the public endpoint of a running Ballast (production build, local queue, embedded
// Postgres), then how fast the apply worker stores them. Proofs of work are solved before the clock starts: they are
// the reader's cost, not the server's (the server checks one hash whatever the difficulty).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { sendCommand } from "../lib/commands/send-command";
import { createDb } from "../lib/db";
import { embeddedDatabaseUrl } from "../lib/db/embedded-postgres";
import { solveProofOfWork, type TChallenge } from "../lib/questions/proof-of-work";
import { LocalQueue } from "../lib/queue/local-queue";
import { launchBallast } from "../test/support/launch-ballast";

const PORT = 3390;
const BASE = `http://localhost:${PORT}`;
const ADMIN = { email: "bench-admin@example.com", password: "bench-admin-password-1" };
const CLIENTS = 50;
const WARM_UP = 1000;
const MEASURED = 5000;
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function request(method: string, url: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = options.body === undefined ? options.headers : { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) };
    const req = http.request(url, { method, agent, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** The bodies, with their proofs of work, solved before anything is timed. */
async function prepare(slug: string, count: number): Promise<string[]> {
  const challenge = JSON.parse((await request("GET", `${BASE}/api/public/liveblogs/${slug}/questions/challenge`, { headers: { origin: BASE } })).body) as TChallenge;
  return Array.from({ length: count }, (_, index) => {
    const id = randomUUID();
    return JSON.stringify({ id, name: `Reader ${index % CLIENTS}`, text: `Benchmark question ${index}: when do the polls close?`, pow: solveProofOfWork(challenge, id) });
  });
}

/** 50 clients, each posting its share one after another; returns each acknowledgement's latency and the wall time. */
async function postAll(slug: string, bodies: string[]): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const sent = performance.now();
        const response = await request("POST", `${BASE}/api/public/liveblogs/${slug}/questions`, { headers: { "content-type": "application/json", origin: BASE }, body });
        if (response.status !== 202) throw new Error(`question refused: ${response.status} ${response.body}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  console.log("\nBallast reader-questions benchmark (public endpoint, local queue driver, embedded Postgres, production build)\n");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-bench-questions-"));
  fs.chmodSync(root, 0o755);
  const appDir = path.join(root, "app");
  const launcher = launchBallast({
    DATABASE_URL: "",
    BALLAST_DATA_DIR: appDir,
    PORT: String(PORT),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // One machine plays 50 readers: the limits would (rightly) refuse it.
    QUESTIONS_PER_ADDRESS_PER_MINUTE: "100000",
    QUESTIONS_PER_BLOG_PER_MINUTE: "1000000",
    QUESTIONS_POW_BITS: "8",
  });
  await launcher.ready;
  const databaseUrl = embeddedDatabaseUrl(appDir)!;
  const adminDb = createDb(databaseUrl);
  const queue = new LocalQueue({ file: path.join(appDir, "queue", "commands.sqlite") });
  try {
    const slug = `bench-${Date.now()}`;
    const liveBlogId = randomUUID();
    const admin = await adminDb.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    await sendCommand(queue, { actorId: admin.id, command: { type: "liveblog.create", liveBlogId, input: { title: "Bench", slug, description: "", status: "live" } } });
    await sendCommand(queue, { actorId: admin.id, command: { type: "liveblog.questions", input: { liveBlogId, enabled: true, origins: [] } } });
    for (let attempt = 0; attempt < 600; attempt++) {
      const head = await request("GET", `${BASE}/cdn/liveblogs/${slug}/latest.json`);
      if (head.status === 200 && (JSON.parse(head.body) as { questions?: { accepting: boolean } }).questions?.accepting) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    await postAll(slug, await prepare(slug, WARM_UP)); // warm-up: the hot path compiled by the JIT
    const bodies = await prepare(slug, MEASURED);
    const { latencies, seconds } = await postAll(slug, bodies);
    console.log(`question acknowledgement (POST /api/public/liveblogs/:slug/questions -> 202, ${MEASURED} questions from ${CLIENTS} concurrent clients, after ${WARM_UP} to warm up)`);
    console.log(`  acknowledged ${(MEASURED / seconds).toFixed(0)} questions/s   p50 ${fmt(percentile(latencies, 50))}   p99 ${fmt(percentile(latencies, 99))}   max ${fmt(Math.max(...latencies))}`);

    // How fast the apply worker stores them (it was applying while they arrived): until every one is in Postgres.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const total = WARM_UP + MEASURED;
    const drainStarted = performance.now();
    let stored = 0;
    while (stored < total && performance.now() - drainStarted < 300_000) {
      stored = (await client.query<{ count: number }>("SELECT count(*)::int AS count FROM reader_questions WHERE live_blog_id = $1", [liveBlogId])).rows[0]!.count;
      if (stored < total) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.end();
    console.log(`  all ${total} stored for moderation ${((performance.now() - drainStarted) / 1000).toFixed(1)} s after the last acknowledgement (${stored === total ? "none missing" : `${total - stored} MISSING`})`);
  } finally {
    await queue.close();
    await adminDb.$disconnect();
    await launcher.stop();
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
