// The publishing rules against a real S3-compatible server over HTTP (s3rver), with injected faults, races and crashes.
import { spawn } from "node:child_process";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { S3Publisher } from "../../publishers/s3";
import type { Publisher } from "../../publishers/types";
import { createDb, type Db } from "../db";
import { childEnv } from "../env";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { postEntry } from "../liveblogs/post-entry";
import { PAGE_SIZE } from "../render/render-archive-page";
import { ZArchivePageSchema, ZLiveBlogHeadSchema, type TLiveBlogHead } from "../render/schemas";
import { startFaultProxy } from "../../test/support/fault-proxy";
import { S3RVER_CREDENTIALS, startS3Server, type TS3Server } from "../../test/support/s3-server";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { projectRoot } from "../process/project-paths";
import { IMMUTABLE_CACHE, SHORT_CACHE } from "./object-policy";
import { liveBlogHeadKey, publishLiveBlog } from "./publish-liveblog";
import { runPublishWorker } from "./run-publish-worker";

let s3: TS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

const PREFIX = "site";

function directPublisher() {
  return new S3Publisher({ bucket: s3.bucket, prefix: PREFIX, endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS });
}

async function readObject(key: string): Promise<string | null> {
  try {
    const response = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${PREFIX}/${key}` }));
    return await response.Body!.transformToString();
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return null;
    throw error;
  }
}

async function readHead(slug: string): Promise<TLiveBlogHead | null> {
  const body = await readObject(liveBlogHeadKey(slug));
  return body === null ? null : ZLiveBlogHeadSchema.parse(JSON.parse(body));
}

async function seedBlogs(count: number, entriesEach: number) {
  const editor = await createTestUser({ role: "editor" });
  const blogs = [];
  for (let index = 0; index < count; index++) {
    const blog = await createLiveBlog(testDb(), { actorId: editor.id, input: { title: `Blog ${index}`, slug: `s3-${uniqueSuffix()}`, status: "live" } });
    for (let entry = 1; entry <= entriesEach; entry++) await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `Seed ${entry}` } });
    blogs.push(blog);
  }
  return { editor, blogs };
}

/** Polls every head (straight from the server) until stopped: versions must never fall, and every page a head
 * names must already exist. */
function startReader(slugs: string[]) {
  const lastVersion = new Map<string, number>();
  const problems: string[] = [];
  let reads = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const slug of slugs) {
        const head = await readHead(slug);
        if (!head) continue;
        reads++;
        const previous = lastVersion.get(slug) ?? 0;
        if (head.version < previous) problems.push(`${slug}: version went from ${previous} to ${head.version}`);
        lastVersion.set(slug, Math.max(previous, head.version));
        for (const page of head.pages) {
          if ((await readObject(`liveblogs/${slug}/${page.path}`)) === null) problems.push(`${slug} v${head.version}: missing ${page.path}`);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    problems,
    reads: () => reads,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

async function expectHeadsAtNewestVersion(blogIds: string[]) {
  for (const id of blogIds) {
    const blog = await testDb().liveBlog.findUniqueOrThrow({ where: { id } });
    const head = await readHead(blog.slug);
    expect(head?.version, blog.slug).toBe(blog.version);
    expect(head?.totalEntries).toBe(blog.nextEntrySeq - 1);
    for (const ref of head?.pages ?? []) {
      const body = await readObject(`liveblogs/${blog.slug}/${ref.path}`);
      expect(ZArchivePageSchema.parse(JSON.parse(body ?? "null")).entries).toHaveLength(ref.count);
    }
  }
}

async function waitForNoPendingJobs(database: Db, timeoutMs: number) {
  await expect.poll(() => database.publishJob.count({ where: { status: "pending" } }), { timeout: timeoutMs, interval: 200 }).toBe(0);
}

describe("publishing to S3 (s3rver over HTTP)", () => {
  it("puts the head and pages with the right body, Content-Type and Cache-Control", async () => {
    const { blogs } = await seedBlogs(1, PAGE_SIZE + 1);
    const blog = blogs[0]!;
    const outcome = await publishLiveBlog(testDb(), { liveBlogId: blog.id, publisher: directPublisher() });
    expect(outcome.status).toBe("published");

    const headKey = `${PREFIX}/${liveBlogHeadKey(blog.slug)}`;
    const headMeta = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: headKey }));
    expect(headMeta.ContentType).toBe("application/json; charset=utf-8");
    expect(headMeta.CacheControl).toBe(SHORT_CACHE);
    const head = await readHead(blog.slug);
    expect(head).toMatchObject({ version: PAGE_SIZE + 2, totalEntries: PAGE_SIZE + 1 });
    expect(head?.entries[0]?.html).toBe(`Seed ${PAGE_SIZE + 1}`);

    const pageKey = `${PREFIX}/liveblogs/${blog.slug}/${head!.pages[0]!.path}`;
    const pageMeta = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: pageKey }));
    expect(pageMeta.CacheControl).toBe(IMMUTABLE_CACHE);
  });

  it("survives 20% 503s and up to 2 s delays: 500 saves across 20 blogs all land, and no head ever points at a missing page", async () => {
    const proxy = await startFaultProxy({ target: s3.endpoint, failureRate: 0.2, maxDelayMs: 2000 });
    const faultyPublisher = new S3Publisher({ bucket: s3.bucket, prefix: PREFIX, endpoint: proxy.endpoint, credentials: S3RVER_CREDENTIALS });
    // 40 seeded entries each, so the 25 new saves per blog seal page 1 mid-test.
    const { editor, blogs } = await seedBlogs(20, 40);
    const reader = startReader(blogs.map((blog) => blog.slug));
    const controller = new AbortController();
    const worker = runPublishWorker({ database: testDb(), publisher: faultyPublisher, pollMs: 20, concurrency: 8, signal: controller.signal });
    try {
      for (let round = 0; round < 25; round++) {
        await Promise.all(blogs.map((blog) => postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `Round ${round}` } })));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      await waitForNoPendingJobs(testDb(), 180_000);
    } finally {
      controller.abort();
      await worker;
      await reader.stop();
      await proxy.stop();
    }
    expect(proxy.stats.failed).toBeGreaterThan(0);
    expect(reader.reads()).toBeGreaterThan(20);
    expect(reader.problems).toEqual([]);
    await expectHeadsAtNewestVersion(blogs.map((blog) => blog.id));
  }, 300_000);

  it("4 racing workers, 1,000 saves across 50 blogs: no head ever goes backwards, and all end at the newest version", async () => {
    const { editor, blogs } = await seedBlogs(50, 0);
    const reader = startReader(blogs.map((blog) => blog.slug));
    const controller = new AbortController();
    const workerDbs = Array.from({ length: 4 }, () => createDb(inject("databaseUrl")));
    const workers = workerDbs.map((database) => runPublishWorker({ database, publisher: directPublisher(), pollMs: 10, concurrency: 2, signal: controller.signal }));
    try {
      for (let round = 0; round < 20; round++) {
        await Promise.all(blogs.map((blog) => postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: `Race ${round}` } })));
      }
      await waitForNoPendingJobs(testDb(), 120_000);
    } finally {
      controller.abort();
      await Promise.all(workers);
      await reader.stop();
      await Promise.all(workerDbs.map((database) => database.$disconnect()));
    }
    expect(reader.problems).toEqual([]);
    await expectHeadsAtNewestVersion(blogs.map((blog) => blog.id));
  }, 300_000);

  it("a worker killed with -9 mid-publish leaves its job pending, and the next worker completes it", async () => {
    const { editor, blogs } = await seedBlogs(1, 0);
    const blog = blogs[0]!;
    await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Published despite a crash" } });
    // Every request waits ~3 s at the proxy, so the victim is surely mid-upload when it dies.
    const slowProxy = await startFaultProxy({ target: s3.endpoint, failureRate: 0, maxDelayMs: 3000, random: () => 0.99 });
    const victim = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(projectRoot, "bin/worker.ts")], {
      cwd: projectRoot,
      env: childEnv({
        DATABASE_URL: inject("databaseUrl"),
        PUBLISH_TARGET: `s3://${s3.bucket}/${PREFIX}`,
        S3_ENDPOINT: slowProxy.endpoint,
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        LOG_LEVEL: "warn",
      }),
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => victim.once("exit", resolve));
    try {
      // The worker holds the blog's publish lease only while it is publishing it.
      await expect
        .poll(async () => (await testDb().$queryRaw<{ held: bigint }[]>`
          SELECT count(*) AS held FROM published_documents
          WHERE kind = 'liveblog' AND document_id = ${blog.id} AND lease_until > now()`)[0]?.held ?? 0n, { timeout: 30_000, interval: 50 })
        .toBeGreaterThan(0n);
      victim.kill("SIGKILL");
      await exited;
    } finally {
      victim.kill("SIGKILL");
      await slowProxy.stop();
    }
    expect(await testDb().publishJob.count({ where: { documentId: blog.id, status: "pending" } })).toBeGreaterThan(0);

    const controller = new AbortController();
    const rescuer = runPublishWorker({ database: testDb(), publisher: directPublisher(), pollMs: 20, signal: controller.signal });
    await expect.poll(async () => (await readHead(blog.slug))?.entries[0]?.html, { timeout: 30_000 }).toBe("Published despite a crash");
    controller.abort();
    await rescuer;
    expect(await testDb().publishJob.count({ where: { documentId: blog.id, status: "pending" } })).toBe(0);
  }, 120_000);

  it("holds no database transaction open while objects are uploaded (S3 delayed by 2 s per request)", async () => {
    const { editor, blogs } = await seedBlogs(1, 0);
    const blog = blogs[0]!;
    await postEntry(testDb(), { actorId: editor.id, input: { liveBlogId: blog.id, body: "Uploaded slowly" } });
    const applicationName = `publish-${uniqueSuffix()}`;
    const url = new URL(inject("databaseUrl"));
    url.searchParams.set("application_name", applicationName);
    const publisherDb = createDb(url.toString());
    const slowProxy = await startFaultProxy({ target: s3.endpoint, failureRate: 0, maxDelayMs: 2000, random: () => 0.99 });
    const sessionStates = async () =>
      (await testDb().$queryRaw<{ state: string }[]>`SELECT coalesce(state, '') AS state FROM pg_stat_activity WHERE application_name = ${applicationName}`).map((row) => row.state);
    try {
      // The detector works: a transaction left open on this connection shows up as "idle in transaction".
      let seenInControl = false;
      await publisherDb.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        seenInControl = (await sessionStates()).includes("idle in transaction");
      });
      expect(seenInControl).toBe(true);

      // Samples count only while an upload is in flight for the whole sample (the short snapshot and record
      // transactions before and after the uploads are allowed).
      let uploadsInFlight = 0;
      const s3Publisher = new S3Publisher({ bucket: s3.bucket, prefix: PREFIX, endpoint: slowProxy.endpoint, credentials: S3RVER_CREDENTIALS });
      const slowPublisher: Publisher = {
        description: s3Publisher.description,
        get: (key) => s3Publisher.get(key),
        delete: (key) => s3Publisher.delete(key),
        put: async (object) => {
          uploadsInFlight++;
          try {
            await s3Publisher.put(object);
          } finally {
            uploadsInFlight--;
          }
        },
      };
      const samples: string[][] = [];
      let done = false;
      const sampler = (async () => {
        while (!done) {
          const uploadingBefore = uploadsInFlight > 0;
          const states = await sessionStates();
          if (uploadingBefore && uploadsInFlight > 0) samples.push(states);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      const started = Date.now();
      const outcome = await publishLiveBlog(publisherDb, { liveBlogId: blog.id, publisher: slowPublisher });
      done = true;
      await sampler;
      expect(outcome).toMatchObject({ status: "published" });
      expect(Date.now() - started).toBeGreaterThan(4000); // the uploads really were slow
      expect(samples.length).toBeGreaterThan(50);
      expect(samples.filter((states) => states.some((state) => state.startsWith("idle in transaction")))).toEqual([]);
      expect((await readHead(blog.slug))?.entries[0]?.html).toBe("Uploaded slowly");
    } finally {
      await slowProxy.stop();
      await publisherDb.$disconnect();
    }
  }, 120_000);
});
