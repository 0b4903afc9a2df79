// `npm run bench` (datasets): a 40,000-key dataset to the S3-compatible server: first publish and an unchanged re-run
// (aims <= 60 s and <= 10 s), rows parsed per second, files uploaded per second, and the peak memory (RSS) of the
// importing process (aim <= 200 MB). The import runs in a child process (this file with --child) started with the
// worker's Node flags, so its peak RSS is a worker's and not the S3 server's. Just before, bare PUTs through the same
// client measure what the S3 server (single-threaded s3rver, sharing the machine's cores) takes at most, and the CPU
// time of both sides is printed: on a small machine the stand-in S3 server, not the worker, bounds the upload rate.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { childEnv } from "../lib/env";
import { WORKER_NODE_FLAGS } from "../lib/process/worker-node-flags";

const KEYS = 40_000;
const NAME = "zip-codes";

type TChildResult = { totalMs: number; parseMs: number; uploadMs: number; uploaded: number; deleted: number; maxRssMb: number; rowsParsed: number; gcMs: number; cpuMs: number };
type TRun = TChildResult & { serverCpuMs: number };

// `--node-flags "<flags>"` starts the import child with other Node flags than the worker's, to compare them side by side.
const nodeFlagsAt = process.argv.indexOf("--node-flags");
const childNodeFlags = nodeFlagsAt > 0 ? (process.argv[nodeFlagsAt + 1] ?? "").split(" ").filter(Boolean).concat("--conditions=react-server") : [...WORKER_NODE_FLAGS];

function zipCsv(path: string): void {
  const lines = ["zip,city,state,county"];
  for (let index = 0; index < KEYS; index++) lines.push(`${String(index * 2 + 501).padStart(5, "0")},City number ${index},${["OH", "PA", "NY", "CA", "TX"][index % 5]},County ${index % 88}`);
  fs.writeFileSync(path, `${lines.join("\n")}\n`);
}

/** In the child: stage the CSV (streamed), apply dataset.import, publish as the worker does; report timings and RSS. */
async function child(): Promise<void> {
  const [csvPath, endpoint, bucket, userId] = process.argv.slice(3) as [string, string, string, string];
  const { createDb } = await import("../lib/db");
  const { S3Publisher } = await import("../publishers/s3");
  const { stagingStoreFor } = await import("../lib/datasets/staging-store");
  const { prepareCommandMessage } = await import("../lib/commands/send-command");
  const { applyCommand } = await import("../lib/commands/apply-command");
  const { publishDocument } = await import("../lib/publishing/publish-document");
  const { readEnv } = await import("../lib/env");
  const database = createDb(readEnv().DATABASE_URL!);
  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => list.getEntries().forEach((entry) => (gcMs += entry.duration)));
  gcObserver.observe({ entryTypes: ["gc"] });
  // s3rver's fixed credentials, written out so the child never loads the test server's modules.
  const publisher = new S3Publisher({ bucket, endpoint, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const stagingId = randomUUID();
  await stagingStoreFor(publisher).write(stagingId, fs.createReadStream(csvPath), { maxBytes: 100 * 1024 * 1024 });
  const existing = await database.dataset.findUnique({ where: { name: NAME } });
  const { message } = prepareCommandMessage({ type: "dataset.import", input: { stagingId, options: { name: NAME, keyColumn: "zip", padWidth: 5 } }, ...(existing ? { datasetId: existing.id } : {}) });
  const applied = await applyCommand(database, { v: 1, id: randomUUID(), actorId: userId, issuedAt: new Date().toISOString(), command: message });
  if (applied.status !== "applied") throw new Error(JSON.stringify(applied));
  const dataset = await database.dataset.findUniqueOrThrow({ where: { name: NAME } });
  // The parse ends when the import turns to "publishing": watch for it.
  let parsedAt = 0;
  const watcher = setInterval(() => {
    database.datasetImport.findUnique({ where: { id: (message as unknown as { importId: string }).importId } }).then((row) => {
      if (!parsedAt && row && row.status !== "queued" && row.status !== "parsing") parsedAt = performance.now();
    }, () => undefined);
  }, 50);
  const outcome = await publishDocument(database, { kind: "dataset", documentId: dataset.id, publisher, waitForLease: true });
  clearInterval(watcher);
  const doneAt = performance.now();
  if (!parsedAt) parsedAt = doneAt;
  if (outcome.status !== "published") throw new Error(`publish: ${JSON.stringify(outcome)}`);
  // GC entries arrive asynchronously: take what is pending before disconnecting.
  gcObserver.takeRecords().forEach((entry) => (gcMs += entry.duration));
  gcObserver.disconnect();
  const importRow = await database.datasetImport.findUniqueOrThrow({ where: { id: (message as unknown as { importId: string }).importId } });
  const result: TChildResult = {
    totalMs: doneAt - startedAt,
    parseMs: parsedAt - startedAt,
    uploadMs: doneAt - parsedAt,
    uploaded: outcome.files?.uploaded ?? 0,
    deleted: outcome.files?.deleted ?? 0,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rowsParsed: importRow.rowsParsed,
    gcMs,
    cpuMs: (() => {
      const used = process.cpuUsage(cpuAtStart);
      return (used.user + used.system) / 1000;
    })(),
  };
  await database.$disconnect();
  console.log(`RESULT ${JSON.stringify(result)}`);
}

const CEILING_FILES = 10_000;

/** In the child: bare PUTs of small files through the same S3 client, as many in flight: what the S3 server takes at most. */
async function ceilingChild(): Promise<void> {
  const [endpoint, bucket] = process.argv.slice(3) as [string, string];
  const { S3Publisher } = await import("../publishers/s3");
  const { PUBLISH_PARALLELISM } = await import("../lib/datasets/constants");
  const { default: pLimit } = await import("p-limit");
  const publisher = new S3Publisher({ bucket, endpoint, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  const limit = pLimit(PUBLISH_PARALLELISM);
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CEILING_FILES }, (_, index) =>
      limit(() => publisher.put({ key: `ceiling/${index}.json`, body: JSON.stringify({ key: String(index), city: `City number ${index}`, state: "OH" }), contentType: "application/json", cacheControl: "public, max-age=60" })),
    ),
  );
  console.log(`RESULT ${JSON.stringify({ filesPerSecond: CEILING_FILES / ((performance.now() - startedAt) / 1000) })}`);
}

/** Runs the import child; this process meanwhile only serves S3 requests, so its CPU time is the S3 server's. */
function runChild(args: string[], env: NodeJS.ProcessEnv, mode = "--child"): Promise<TRun> {
  const serverCpuAtStart = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...childNodeFlags, "--import", "tsx", fileURLToPath(import.meta.url), mode, ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    proc.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    proc.on("exit", (code) => {
      const line = output.split("\n").find((candidate) => candidate.startsWith("RESULT "));
      const serverCpu = process.cpuUsage(serverCpuAtStart);
      if (code === 0 && line) resolve({ ...(JSON.parse(line.slice(7)) as TChildResult), serverCpuMs: (serverCpu.user + serverCpu.system) / 1000 });
      else reject(new Error(`the import child exited with ${code}: ${output.slice(-2000)}`));
    });
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-bench-datasets-"));
  const csvPath = path.join(dataDir, "zip-codes.csv");
  zipCsv(csvPath);
  // Loaded here, not at the top: the import child runs this file too and must carry only what a worker carries.
  const { createFreshDatabase } = await import("../test/support/fresh-database");
  const { startS3Server } = await import("../test/support/s3-server");
  const fresh = await createFreshDatabase({ namePrefix: "ballast-bench-datasets" });
  const s3 = await startS3Server();
  const { createDb } = await import("../lib/db");
  const database = createDb(fresh.url);
  try {
    const user = await database.user.create({ data: { email: `bench-datasets-${randomUUID()}@example.com`, name: "Bench", role: "editor", passwordHash: "unused" } });
    const env = childEnv({ DATABASE_URL: fresh.url, BALLAST_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
    const args = [csvPath, s3.endpoint, s3.bucket, user.id];
    const ceiling = (await runChild([s3.endpoint, s3.bucket], env, "--ceiling")) as unknown as { filesPerSecond: number };
    const first = await runChild(args, env);
    const rerun = await runChild(args, env);
    const mb = (fs.statSync(csvPath).size / (1024 * 1024)).toFixed(1);
    console.log(`dataset: ${KEYS.toLocaleString("en-US")} keys, ${mb} MB CSV, to the S3-compatible server (s3rver), 16 uploads in flight; importer flags: ${childNodeFlags.join(" ")}`);
    console.log(`first publish: ${(first.totalMs / 1000).toFixed(1)} s (aim <= 60 s): stage + parse + record ${(first.parseMs / 1000).toFixed(1)} s, upload ${(first.uploadMs / 1000).toFixed(1)} s; ${first.uploaded.toLocaleString("en-US")} files uploaded`);
    console.log(`rows parsed per second (staged, parsed, bulk-inserted): ${Math.round(first.rowsParsed / (first.parseMs / 1000)).toLocaleString("en-US")}`);
    const filesPerSecond = first.uploaded / (first.uploadMs / 1000);
    console.log(`files uploaded per second: ${Math.round(filesPerSecond).toLocaleString("en-US")}; the S3 server's ceiling (${CEILING_FILES.toLocaleString("en-US")} bare PUTs just before, same client, as many in flight): ${Math.round(ceiling.filesPerSecond).toLocaleString("en-US")}/s, so the publish uploads at ${Math.round((100 * filesPerSecond) / ceiling.filesPerSecond)}% of it`);
    console.log(`unchanged re-run: ${(rerun.totalMs / 1000).toFixed(1)} s (aim <= 10 s); ${rerun.uploaded} files uploaded, ${rerun.deleted} deleted`);
    console.log(`peak RSS of the importing process: first ${first.maxRssMb.toFixed(0)} MB, re-run ${rerun.maxRssMb.toFixed(0)} MB (aim <= 200 MB)`);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`CPU time, first publish: importing process ${seconds(first.cpuMs)} (garbage collection ${seconds(first.gcMs)}), S3 server ${seconds(first.serverCpuMs)}; re-run: ${seconds(rerun.cpuMs)} (${seconds(rerun.gcMs)}), ${seconds(rerun.serverCpuMs)}`);
  } finally {
    await database.$disconnect();
    await s3.stop();
    await fresh.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--ceiling") {
  ceilingChild().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (process.argv[2] === "--child") {
  child().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
