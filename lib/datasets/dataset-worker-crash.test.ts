// A real worker process is killed with SIGKILL halfway through a 40,000-key dataset publish: a restarted worker
// completes it, uploading only what was left (give or take the last unrecorded batch), and at no time does the
// published manifest name a missing file. Its own database: the dataset's publish job must go to these workers only.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { applyCommand } from "../commands/apply-command";
import { prepareCommandMessage } from "../commands/send-command";
import { createDb, type Db } from "../db";
import { childEnv } from "../env";
import { projectRoot } from "../process/project-paths";
import { MAX_DATASET_UPLOAD_BYTES } from "./constants";
import { stagingStoreFor } from "./staging-store";

// Before any import reads the settings: the staged upload must land where the worker process looks for it.
const dataDir = await vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  const folder = mkdtempSync(join(tmpdir(), "ballast-dataset-crash-data-"));
  vi.stubEnv("BALLAST_DATA_DIR", folder);
  return folder;
});
const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-dataset-crash-public-"));
const KEYS = 40_000;
const NAME = "zip-codes";

let database: Db;
let databaseUrl: string;
let dropDatabase: () => Promise<void>;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-dataset-crash" });
  dropDatabase = fresh.drop;
  databaseUrl = fresh.url;
  database = createDb(fresh.url);
});

afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await database?.$disconnect();
  await dropDatabase?.();
  for (const dir of [dataDir, publicDir]) fs.rmSync(dir, { recursive: true, force: true });
});

function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(projectRoot, "bin", "worker.ts")], {
    cwd: projectRoot,
    env: childEnv({ DATABASE_URL: databaseUrl, BALLAST_DATA_DIR: dataDir, PUBLISH_TARGET: `file://${publicDir}`, AUTH_SECRET: "a".repeat(40), LOG_LEVEL: "warn" }),
    stdio: ["ignore", "ignore", "inherit"],
  });
  workers.push(worker);
  return worker;
}

const keyDir = path.join(publicDir, "datasets", NAME);
const keyFiles = () => (fs.existsSync(keyDir) ? fs.readdirSync(keyDir).filter((file) => file !== "manifest.json" && file.endsWith(".json")) : []);

/** Throws if a manifest is out and any key file is missing (the invariant readers rely on). */
function checkManifest(): void {
  const manifestFile = path.join(keyDir, "manifest.json");
  if (!fs.existsSync(manifestFile)) return;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { keyCount: number };
  const present = keyFiles().length;
  if (present < manifest.keyCount) throw new Error(`the manifest names ${manifest.keyCount} keys but only ${present} files are out`);
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, label: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    checkManifest();
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  checkManifest();
}

describe("a dataset publish through a worker killed with SIGKILL", () => {
  it("completes after a restart, re-uploading at most the two batches in flight, and never shows a manifest naming a missing file", { timeout: 600_000 }, async () => {
    const editor = await database.user.create({ data: { email: `crash-${randomUUID()}@example.com`, name: "Crash editor", role: "editor", passwordHash: "unused" } });
    const csv = ["zip,city,state", ...Array.from({ length: KEYS }, (_, index) => `${10_000 + index},City ${index},OH`)].join("\n");
    const stagingId = randomUUID();
    await stagingStoreFor(new FilePublisher(publicDir)).write(stagingId, Readable.from([Buffer.from(csv)]), { maxBytes: MAX_DATASET_UPLOAD_BYTES });
    const { message } = prepareCommandMessage({ type: "dataset.import", input: { stagingId, options: { name: NAME, keyColumn: "zip", valueColumns: ["city", "state"] } } });
    expect(await applyCommand(database, { v: 1, id: randomUUID(), actorId: editor.id, issuedAt: new Date().toISOString(), command: message })).toMatchObject({ status: "applied" });
    const importId = (message as unknown as { importId: string }).importId;

    const first = startWorker();
    await waitFor(() => keyFiles().length >= KEYS * 0.3, 240_000, "30% of the key files from the first worker");
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const outBeforeRestart = new Map(keyFiles().map((file) => [file, fs.statSync(path.join(keyDir, file)).mtimeMs]));
    expect(outBeforeRestart.size).toBeLessThan(KEYS);
    expect(fs.existsSync(path.join(keyDir, "manifest.json"))).toBe(false);

    const second = startWorker();
    await waitFor(async () => (await database.datasetImport.findUniqueOrThrow({ where: { id: importId } })).status === "published", 300_000, "the import to be published");
    second.kill("SIGTERM");
    await new Promise((resolve) => second.once("exit", resolve));

    expect(keyFiles()).toHaveLength(KEYS);
    expect(JSON.parse(fs.readFileSync(path.join(keyDir, "manifest.json"), "utf8"))).toMatchObject({ keyCount: KEYS });
    // Resumed, not restarted: only the two batches in flight at the kill (1,000 files each) may go out again.
    const reuploaded = [...outBeforeRestart].filter(([file, mtimeMs]) => fs.statSync(path.join(keyDir, file)).mtimeMs !== mtimeMs).length;
    console.log(`${outBeforeRestart.size} files out at the kill; ${reuploaded} of them uploaded again after the restart`);
    expect(reuploaded).toBeLessThanOrEqual(2_000);
  });
});
