// `npm run bench` (publishing): save -> head-on-origin latency at 1, 10 and 50 saves/s, S3 PUTs and bytes per save
// on a 10,000-entry blog, and the full republish time of that blog — against a local S3-compatible server (s3rver).
// `-- --webhooks 10` configures ten webhooks (every kind, "published") at a local receiver and runs the delivery loop
// in-process, so every publish also queues ten deliveries that are sent while the benchmark goes on; add
// `--queue-only` to leave the delivery loop off (what the publish path itself pays: the deliveries' INSERT).
import { spawn } from "node:child_process";
import pg from "pg";
import { S3Publisher } from "../publishers/s3";
import type { Publisher, TPublishObject } from "../publishers/types";
import { createDb, type Db } from "../lib/db";
import { createLiveBlog } from "../lib/liveblogs/create-liveblog";
import { postEntry } from "../lib/liveblogs/post-entry";
import { trackPublishing } from "../lib/publishing/publish-activity";
import { publishLiveBlog as publishLiveBlogNow } from "../lib/publishing/publish-liveblog";
import { listenForPublishJobs, Waker } from "../lib/publishing/publish-wakeup";
import { requestRepublish } from "../lib/publishing/request-republish";
import { runPublishWorker } from "../lib/publishing/run-publish-worker";
import { readEnv } from "../lib/env";
import { PAGE_SIZE } from "../lib/render/render-archive-page";
import { hashPassword } from "../lib/auth/password";
import { createFreshDatabase } from "../test/support/fresh-database";
import { parseFetchAllowlist } from "../lib/http/fetch-allowlist";
import { runWebhookDeliveries } from "../lib/webhooks/run-webhook-deliveries";
import { sealWebhookSecret } from "../lib/webhooks/webhook-secret";
import { S3RVER_CREDENTIALS, startS3Server } from "../test/support/s3-server";

// The worker's configured interval (PUBLISH_MIN_INTERVAL_MS, default 50 ms), as `npm start` runs it.
const DEFAULT_MIN_INTERVAL_MS = readEnv().PUBLISH_MIN_INTERVAL_MS;

/** Counts every upload and notes when each head version reached the origin. */
class MeasuringPublisher implements Publisher {
  readonly description: string;
  puts = 0;
  bytes = 0;
  readonly headVisibleAt = new Map<string, Array<{ version: number; at: number }>>();

  constructor(private readonly inner: Publisher) {
    this.description = `measuring ${inner.description}`;
  }

  async put(object: TPublishObject) {
    await this.inner.put(object);
    this.puts++;
    this.bytes += Buffer.byteLength(object.body);
    if (object.key.endsWith("/latest.json")) {
      const { version } = JSON.parse(String(object.body)) as { version: number };
      const list = this.headVisibleAt.get(object.key) ?? [];
      list.push({ version, at: performance.now() });
      this.headVisibleAt.set(object.key, list);
    }
  }
  get(key: string) {
    return this.inner.get(key);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function measureSaveToVisible(database: Db, databaseUrl: string, publisher: MeasuringPublisher, editorId: string, savesPerSecond: number, saveCount: number) {
  const blog = await createLiveBlog(database, { actorId: editorId, input: { title: `Rate ${savesPerSecond}/s`, slug: `bench-rate-${savesPerSecond}-${Date.now()}`, status: "live" } });
  const controller = new AbortController();
  const waker = new Waker();
  const stopListening = listenForPublishJobs(databaseUrl, waker);
  const worker = runPublishWorker({ database, publisher, pollMs: 500, concurrency: 4, minIntervalMs: DEFAULT_MIN_INTERVAL_MS, signal: controller.signal, waker });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const saves: Array<{ version: number; at: number }> = [];
  const interval = 1000 / savesPerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < saveCount; index++) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      (async () => {
        const at = performance.now();
        const { version } = await postEntry(database, { actorId: editorId, input: { liveBlogId: blog.id, body: `Bench update ${index}` } });
        saves.push({ version, at });
      })(),
    );
  }
  await Promise.all(inFlight);
  const key = `liveblogs/${blog.slug}/latest.json`;
  const newest = Math.max(...saves.map((save) => save.version));
  const deadline = performance.now() + 60_000;
  while (!(publisher.headVisibleAt.get(key) ?? []).some((head) => head.version >= newest) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  controller.abort();
  await worker;
  await stopListening();
  const heads = publisher.headVisibleAt.get(key) ?? [];
  const latencies = saves
    .map((save) => {
      const visible = heads.find((head) => head.version >= save.version);
      return visible ? visible.at - save.at : Number.NaN;
    })
    .filter((value) => Number.isFinite(value))
    .sort((a, b) => a - b);
  return { saves: saves.length, publishes: heads.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

async function seedLargeBlog(database: Db, databaseUrl: string, editorId: string, entries: number) {
  const blog = await createLiveBlog(database, { actorId: editorId, input: { title: "Ten thousand", slug: `bench-large-${Date.now()}`, status: "live" } });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `INSERT INTO entries (id, live_blog_id, seq, body, author_id, created_at, updated_at)
     SELECT gen_random_uuid(), $1, s, 'Seeded update number ' || s || ': ' || repeat('lorem ipsum ', 20), $2, now(), now()
     FROM generate_series(1, $3) AS s`,
    [blog.id, editorId, entries],
  );
  await client.query(
    `INSERT INTO live_blog_pages (live_blog_id, page_no, content_version, entry_count)
     SELECT $1, p, 1, $3 FROM generate_series(1, ceil($2::numeric / $3)::int) AS p`,
    [blog.id, entries, PAGE_SIZE],
  );
  await client.query(`UPDATE live_blogs SET next_entry_seq = $2, version = version + 1 WHERE id = $1`, [blog.id, entries + 1]);
  await client.end();
  return blog;
}

/** A publish counted as publish-worker activity, as the worker's loop counts it (deliveries step aside meanwhile). */
async function publishLiveBlog(...args: Parameters<typeof publishLiveBlogNow>): Promise<void> {
  await trackPublishing(async () => {
    await publishLiveBlogNow(...args);
    return { didWork: true };
  });
}

function webhookCountFromArgs(): number {
  const index = process.argv.indexOf("--webhooks");
  return index === -1 ? 0 : Math.max(0, Number(process.argv[index + 1] ?? 0));
}

// The receiver runs in its own process, as a real one would: only the sending side shares the worker's event loop.
const RECEIVER_SOURCE = `
  const http = require("node:http");
  const server = http.createServer((request, response) => request.resume().on("end", () => response.end("ok")));
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;

/** N webhooks at a local receiver that answers 200, and (unless queue-only) the delivery loop beside the publish worker. */
async function startWebhooks(db: Db, count: number, createdById: string, deliver: boolean) {
  const receiver = spawn(process.execPath, ["-e", RECEIVER_SOURCE], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) => receiver.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  const url = `http://127.0.0.1:${port}/hook`;
  for (let index = 0; index < count; index++) {
    await db.webhook.create({ data: { id: crypto.randomUUID(), name: `bench ${index}`, url, kinds: [], events: ["published"], secretSealed: sealWebhookSecret(`bench-webhook-secret-${index}`), createdById } });
  }
  const controller = new AbortController();
  const loop = deliver ? runWebhookDeliveries({ database: db, signal: controller.signal, allowlist: parseFetchAllowlist("127.0.0.1") }) : Promise.resolve();
  return {
    async stop() {
      controller.abort();
      await loop;
      receiver.kill("SIGTERM");
    },
  };
}

async function main() {
  const webhookCount = webhookCountFromArgs();
  console.log(`Ballast publishing benchmark (local s3rver over HTTP, embedded Postgres unless DATABASE_URL)${webhookCount ? `, ${webhookCount} webhooks configured${process.argv.includes("--queue-only") ? " (delivery loop off)" : ", delivered in-process"}` : ""}\n`);
  const database = await createFreshDatabase({ namePrefix: "ballast-bench" });
  const s3 = await startS3Server();
  const db = createDb(database.url);
  let webhooks: Awaited<ReturnType<typeof startWebhooks>> | null = null;
  try {
    const editor = await db.user.create({ data: { email: "bench@example.com", name: "Bench", role: "editor", passwordHash: await hashPassword("bench-password-1") } });
    const queueOnly = process.argv.includes("--queue-only");
    if (webhookCount > 0) webhooks = await startWebhooks(db, webhookCount, editor.id, !queueOnly);
    const publisher = new MeasuringPublisher(new S3Publisher({ bucket: s3.bucket, endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS }));

    console.log("save -> head object on origin (one live blog, worker in-process, concurrency 4)");
    console.log("  rate       saves  publishes   p50        p95        p99");
    for (const [rate, count] of [[1, 20], [10, 200], [50, 500]] as const) {
      const result = await measureSaveToVisible(db, database.url, publisher, editor.id, rate, count);
      console.log(`  ${`${rate}/s`.padEnd(9)}  ${String(result.saves).padStart(5)}  ${String(result.publishes).padStart(9)}   ${ms(result.p50).padEnd(9)}  ${ms(result.p95).padEnd(9)}  ${ms(result.p99)}`);
    }

    const entries = 10_000;
    const large = await seedLargeBlog(db, database.url, editor.id, entries);
    let started = performance.now();
    publisher.puts = 0;
    publisher.bytes = 0;
    await publishLiveBlog(db, { liveBlogId: large.id, publisher });
    const firstPublishMs = performance.now() - started;
    const firstPuts = publisher.puts;

    const saves = 50;
    publisher.puts = 0;
    publisher.bytes = 0;
    let maxPuts = 0;
    for (let index = 0; index < saves; index++) {
      const putsBefore = publisher.puts;
      await postEntry(db, { actorId: editor.id, input: { liveBlogId: large.id, body: `Fresh update ${index}` } });
      await publishLiveBlog(db, { liveBlogId: large.id, publisher });
      maxPuts = Math.max(maxPuts, publisher.puts - putsBefore);
    }
    console.log(`\n${entries.toLocaleString("en-US")}-entry blog (${PAGE_SIZE} entries per archive page)`);
    console.log(`  first full publish:        ${(firstPublishMs / 1000).toFixed(2)} s, ${firstPuts} PUTs`);
    console.log(`  per save (${saves} saves):      ${(publisher.puts / saves).toFixed(2)} PUTs on average, ${maxPuts} at most; ${Math.round(publisher.bytes / saves).toLocaleString("en-US")} bytes uploaded on average`);

    await requestRepublish(db, { actorId: editor.id, documentId: large.id });
    publisher.puts = 0;
    started = performance.now();
    await publishLiveBlog(db, { liveBlogId: large.id, publisher });
    console.log(`  full republish:            ${((performance.now() - started) / 1000).toFixed(2)} s, ${publisher.puts} PUTs`);
    console.log("  CloudFront invalidations on the save path: 0 (the invalidator runs after the publish, batched, off the path)");
    if (webhooks && queueOnly) console.log(`\nwebhooks: ${await db.webhookDelivery.count()} deliveries queued by the publishes (delivery loop off)`);
    else if (webhooks) {
      const queued = await db.webhookDelivery.count();
      // Let the loop catch up with what the last publishes queued before counting.
      const deadline = performance.now() + 60_000;
      while ((await db.webhookDelivery.count({ where: { status: "pending" } })) > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      const delivered = await db.webhookDelivery.count({ where: { status: "succeeded" } });
      console.log(`\nwebhooks: ${queued} deliveries queued by the publishes, ${delivered} delivered`);
    }
  } finally {
    await webhooks?.stop();
    await db.$disconnect();
    await s3.stop();
    await database.drop();
  }
}

void main();
