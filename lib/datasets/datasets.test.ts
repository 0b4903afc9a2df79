// Datasets end to end on a real Postgres (its own database) and real publishers (a folder, and the S3-compatible
// server): a staged CSV imported through the command registry, parsed by the publishing worker's incremental
// publish, key files and the manifest on the target, re-imports that upload only changes, the report's line numbers,
// a publish that crashes halfway and resumes, the sharded layout, delete, and who may import.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { S3Publisher } from "../../publishers/s3";
import type { Publisher, TPublishObject } from "../../publishers/types";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { S3RVER_CREDENTIALS, startS3Server, type TS3Server } from "../../test/support/s3-server";
import { can } from "../auth/permissions";
import { applyCommand, type TApplyOutcome } from "../commands/apply-command";
import { prepareCommandMessage } from "../commands/send-command";
import { createDb, type Db } from "../db";
import { fieldErrorsFromZod } from "../errors";
import type { Role } from "../generated/prisma/enums";
import { publishDocument, type TPublishOutcome } from "../publishing/publish-document";
import { buildHashTree, sha256Hex, type TDatasetManifest } from "../render/render-dataset";
import { DATASET_KIND, MAX_DATASET_UPLOAD_BYTES } from "./constants";
import type { TDatasetImportOptionsInput, TImportReport } from "./schemas";
import { stagingStoreFor } from "./staging-store";

// Staged uploads go under the data directory; keep this run's apart (read when the first store is made).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-datasets-data-"));
vi.stubEnv("BALLAST_DATA_DIR", dataDir);

let database: Db;
let dropDatabase: () => Promise<void>;
const users: Record<Role, string> = { admin: "", editor: "", contributor: "", viewer: "" };
const roots: string[] = [];

function filePublisher(): FilePublisher {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-datasets-"));
  roots.push(root);
  return new FilePublisher(root);
}

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-datasets" });
  dropDatabase = fresh.drop;
  database = createDb(fresh.url);
  for (const role of Object.keys(users) as Role[]) {
    users[role] = (await database.user.create({ data: { email: `datasets-${role}-${randomUUID()}@example.com`, name: `Dataset ${role}`, role, passwordHash: "unused" } })).id;
  }
});

afterAll(async () => {
  await database?.$disconnect();
  await dropDatabase?.();
  for (const root of [...roots, dataDir]) fs.rmSync(root, { recursive: true, force: true });
});

/** `zip,city,state` rows for zips 10000.. (count of them); `change` rewrites some cities, `skip` leaves some zips out. */
function zipCsv(count: number, options: { change?: Set<number>; skip?: Set<number> } = {}): string {
  const lines = ["zip,city,state"];
  for (let index = 0; index < count; index++) {
    if (options.skip?.has(index)) continue;
    lines.push(`${10000 + index},${options.change?.has(index) ? `Changed ${index}` : `City ${index}`},${["OH", "PA", "NY", "CA"][index % 4]}`);
  }
  return `${lines.join("\n")}\n`;
}

async function stage(publisher: Publisher, csv: string | Buffer): Promise<string> {
  const stagingId = randomUUID();
  await stagingStoreFor(publisher).write(stagingId, Readable.from([Buffer.from(csv)]), { maxBytes: MAX_DATASET_UPLOAD_BYTES });
  return stagingId;
}

async function send(command: Record<string, unknown>, actorId = users.editor): Promise<{ outcome: TApplyOutcome; message: Record<string, unknown> }> {
  const { message } = prepareCommandMessage(command);
  const outcome = await applyCommand(database, { v: 1, id: randomUUID(), actorId, issuedAt: new Date().toISOString(), command: message });
  return { outcome, message: message as never };
}

async function datasetIdOf(name: string): Promise<string | undefined> {
  return (await database.dataset.findUnique({ where: { name } }))?.id;
}

/** Stages the CSV, applies dataset.import, then runs the publish the worker would run; returns its outcome and the import's row. */
async function importCsv(publisher: Publisher, csv: string | Buffer, options: TDatasetImportOptionsInput) {
  const stagingId = await stage(publisher, csv);
  const datasetId = (await datasetIdOf(options.name)) ?? randomUUID();
  const { outcome, message } = await send({ type: "dataset.import", input: { stagingId, options }, datasetId });
  expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: "applied" });
  const id = (await datasetIdOf(options.name))!;
  const published = await publishDocument(database, { kind: DATASET_KIND, documentId: id, publisher, waitForLease: true });
  const importRow = await database.datasetImport.findUniqueOrThrow({ where: { id: message.importId as string } });
  return { published, importRow, report: importRow.report as TImportReport | null, datasetId: id, stagingId };
}

async function manifestOf(publisher: Publisher, name: string): Promise<TDatasetManifest | null> {
  const stored = await publisher.get(`datasets/${name}/manifest.json`);
  return stored ? (JSON.parse(stored.body.toString("utf8")) as TDatasetManifest) : null;
}

/** The dataset's objects on the S3 server, listed by 2-character key prefix: s3rver cannot page a listing past 1,000
 * keys (its continuation token needs DES, which OpenSSL 3 dropped), so each listing stays within one page. */
async function listZipDataset(publisher: S3Publisher, name: string): Promise<string[]> {
  const prefixes = ["manifest", ...Array.from({ length: 40 }, (_, index) => String(10 + index))];
  const limit = pLimit(4);
  const pages = await Promise.all(prefixes.map((prefix) => limit(() => publisher.list(`datasets/${name}/${prefix}`))));
  return pages.flat();
}

function files(outcome: TPublishOutcome) {
  expect(outcome.status).toBe("published");
  return (outcome as { files: { uploaded: number; deleted: number } }).files;
}

describe("the S3 target", () => {
  let s3: TS3Server;
  let publisher: S3Publisher;
  beforeAll(async () => {
    s3 = await startS3Server();
    publisher = new S3Publisher({ bucket: s3.bucket, endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS });
  });
  afterAll(async () => s3?.stop());

  it("publishes 40,000 key files and a manifest; a re-import with 10 changed and 5 removed rows uploads 10 and deletes 5; an unchanged one uploads nothing", { timeout: 600_000 }, async () => {
    const name = "zip-codes";
    const first = await importCsv(publisher, zipCsv(40_000), { name, keyColumn: "zip" });
    expect(first.importRow.status).toBe("published");
    expect(files(first.published)).toEqual({ uploaded: 40_000, deleted: 0 });
    const keys = await listZipDataset(publisher, name);
    expect(keys).toHaveLength(40_001);
    expect(keys).toContain(`datasets/${name}/manifest.json`);
    expect(JSON.parse((await publisher.get(`datasets/${name}/43215.json`))!.body.toString())).toEqual({ key: "43215", values: { city: "City 33215", state: "CA" } });
    const manifest = (await manifestOf(publisher, name))!;
    expect(manifest).toMatchObject({ schema: 1, name, keyCount: 40_000, columns: ["city", "state"], key: { column: "zip", case: "none", padWidth: null }, layout: { type: "key" } });
    // The staged CSV went to the bucket's staging/ prefix and is gone once imported.
    expect(await stagingStoreFor(publisher).open(first.stagingId)).toBeNull();

    const changed = new Set([1, 2, 3, 500, 9_999, 20_000, 30_000, 35_000, 39_000, 39_998]);
    const removed = new Set([7, 70, 700, 7_000, 39_999]);
    const second = await importCsv(publisher, zipCsv(40_000, { change: changed, skip: removed }), { name, keyColumn: "zip" });
    expect(files(second.published)).toEqual({ uploaded: 10, deleted: 5 });
    expect(await listZipDataset(publisher, name)).toHaveLength(39_996);
    expect(await publisher.get(`datasets/${name}/10007.json`)).toBeNull();
    expect(JSON.parse((await publisher.get(`datasets/${name}/10500.json`))!.body.toString()).values.city).toBe("Changed 500");
    const secondManifest = (await manifestOf(publisher, name))!;
    expect(secondManifest.keyCount).toBe(39_995);
    expect(secondManifest.version).toBeGreaterThan(manifest.version);
    expect(secondManifest.hashTree.root).not.toBe(manifest.hashTree.root);

    const third = await importCsv(publisher, zipCsv(40_000, { change: changed, skip: removed }), { name, keyColumn: "zip" });
    expect(files(third.published)).toEqual({ uploaded: 0, deleted: 0 });
    expect(third.published).toMatchObject({ keys: [] });
    expect((await manifestOf(publisher, name))!.version).toBe(secondManifest.version);
    expect(third.importRow.status).toBe("published");
  });
});

describe("the validation report", () => {
  it("names the lines of a duplicate key and of a short row, and publishes nothing", async () => {
    const publisher = filePublisher();
    const csv = "zip,city,state\n43215,Columbus,OH\n15213,Pittsburgh\n10001,New York,NY\n43215,Columbus again,OH\n";
    const { published, importRow, report } = await importCsv(publisher, csv, { name: "dupes", keyColumn: "zip" });
    expect(importRow.status).toBe("rejected");
    expect(report!.errorCount).toBe(3);
    expect(report!.problems.map((problem) => [problem.line, problem.code])).toEqual([
      [2, "duplicate_key"],
      [3, "short_row"],
      [5, "duplicate_key"],
    ]);
    expect(report!.problems[0]!.message).toMatch(/lines 2, 5/);
    expect(published.status).toBe("withdrawn");
    expect(await publisher.list(`datasets/dupes/`)).toEqual([]);
    const dataset = await database.dataset.findUniqueOrThrow({ where: { name: "dupes" } });
    expect(dataset.status).toBe("failed");
  });

  it("with skipBadRows publishes the good rows and keeps the first line of a repeated key", async () => {
    const publisher = filePublisher();
    const csv = "zip,city,state\n43215,Columbus,OH\n15213,Pittsburgh\n10001,New York,NY\n43215,Columbus again,OH\n";
    const { published, report } = await importCsv(publisher, csv, { name: "skipping", keyColumn: "zip", skipBadRows: true });
    expect(files(published)).toEqual({ uploaded: 2, deleted: 0 });
    expect(report).toMatchObject({ rowsParsed: 4, rowsAccepted: 2, rowsSkipped: 2, errorCount: 3 });
    expect(JSON.parse((await publisher.get("datasets/skipping/43215.json"))!.body.toString()).values.city).toBe("Columbus");
    expect(await publisher.list("datasets/skipping/")).toEqual(["datasets/skipping/10001.json", "datasets/skipping/43215.json", "datasets/skipping/manifest.json"]);
  });

  it("reports empty keys, long rows, bytes that are not UTF-8 and unusable keys by line, and normalises keys (trim, case, zero-pad)", async () => {
    const publisher = filePublisher();
    const csv = Buffer.concat([
      Buffer.from("code,name\n  ab1 ,trimmed and cased\n,no key\nzz,one,too many\n"),
      Buffer.from([0x71, 0x71, 0x2c, 0xff, 0xfe, 0x0a]),
      Buffer.from("a/b,slash\n7,padded\n\"multi\nline\",quoted\n"),
    ]);
    const { report, importRow } = await importCsv(publisher, csv, { name: "codes", keyColumn: "code", keyCase: "upper", padWidth: 3, skipBadRows: true });
    expect(importRow.status).toBe("published");
    expect(report!.problems.map((problem) => [problem.line, problem.code])).toEqual([
      [3, "empty_key"],
      [4, "long_row"],
      [5, "bad_encoding"],
      [6, "invalid_key"],
      [9, "invalid_key"], // a quoted key across lines 8-9 holds a newline
    ]);
    expect(JSON.parse((await publisher.get("datasets/codes/AB1.json"))!.body.toString())).toEqual({ key: "AB1", values: { name: "trimmed and cased" } });
    expect(await publisher.get("datasets/codes/007.json")).not.toBeNull();
    expect((await manifestOf(publisher, "codes"))!.key).toEqual({ column: "code", case: "upper", padWidth: 3 });
  });

  it("names the missing column when the key column is not in the header", async () => {
    const publisher = filePublisher();
    const { report, importRow } = await importCsv(publisher, "postal,city\n43215,Columbus\n", { name: "no-key", keyColumn: "zip", skipBadRows: true });
    expect(importRow.status).toBe("rejected");
    expect(report!.problems[0]).toMatchObject({ line: 1, code: "missing_column", message: expect.stringContaining('"zip"') });
  });
});

describe("the command's door", () => {
  it("refuses bad input naming the field", () => {
    const attempt = (options: Record<string, unknown>) => {
      try {
        prepareCommandMessage({ type: "dataset.import", input: { stagingId: randomUUID(), options: { name: "zip-codes", keyColumn: "zip", ...options } } });
        return {};
      } catch (error) {
        const issues = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
        return Object.fromEntries(issues.map((issue) => [issue.path.at(-1), issue.message]));
      }
    };
    expect(attempt({ name: "Zip Codes" })).toHaveProperty("name");
    expect(attempt({ padWidth: 0 })).toHaveProperty("padWidth");
    expect(attempt({ keyCase: "title" })).toHaveProperty("keyCase");
    expect(attempt({ layout: { type: "shard", prefixLength: 20 } })).toHaveProperty("prefixLength");
    expect(attempt({ valueColumns: ["zip"] })).toHaveProperty("valueColumns");
    expect(attempt({})).toEqual({});
    expect(() => prepareCommandMessage({ type: "dataset.import", input: { stagingId: "../../etc/passwd", options: { name: "x", keyColumn: "k" } } })).toThrow();
    expect(fieldErrorsFromZod).toBeTypeOf("function");
  });

  it("a viewer cannot import: refused by role, and at apply time", async () => {
    expect(can("viewer", "dataset:edit")).toBe(false);
    expect(can("viewer", "dataset:read")).toBe(true);
    expect(can("editor", "dataset:edit")).toBe(true);
    const publisher = filePublisher();
    const stagingId = await stage(publisher, "zip,city\n43215,Columbus\n");
    const { outcome } = await send({ type: "dataset.import", input: { stagingId, options: { name: "viewer-try", keyColumn: "zip" } }, datasetId: randomUUID() }, users.viewer);
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.stringMatching(/no longer allowed/) });
    expect(await datasetIdOf("viewer-try")).toBeUndefined();
  });
});

/** Passes calls to a target; throws on the (n+1)th put; checks at every manifest write and every delete that the
 * manifest on the target never describes a key whose file is missing. */
class CrashingPublisher implements Publisher {
  readonly description = "crashing";
  puts = 0;
  crashAfter = Infinity;
  readonly events: string[] = [];

  constructor(
    private readonly target: FilePublisher,
    /** The keys each manifest version stands for (the test knows what it imported). */
    private readonly keysOfVersion: Map<number, string[]>,
    private readonly name: string,
  ) {}

  /** Puts started and not yet finished. */
  inFlight = 0;

  async put(object: TPublishObject): Promise<void> {
    if (this.puts >= this.crashAfter) throw new Error("simulated crash mid-publish");
    this.puts++;
    this.inFlight++;
    try {
      if (object.key.endsWith("manifest.json")) await this.assertNamesOnlyPresent(JSON.parse(object.body.toString()) as TDatasetManifest);
      this.events.push(`put ${object.key}`);
      await this.target.put(object);
    } finally {
      this.inFlight--;
    }
  }

  get(key: string) {
    return this.target.get(key);
  }

  async delete(key: string): Promise<void> {
    this.events.push(`delete ${key}`);
    await this.target.delete(key);
    await this.checkPublished();
  }

  list(prefix: string) {
    return this.target.list(prefix);
  }

  async checkPublished(): Promise<void> {
    const stored = await this.target.get(`datasets/${this.name}/manifest.json`);
    if (stored) await this.assertNamesOnlyPresent(JSON.parse(stored.body.toString()) as TDatasetManifest);
  }

  private async assertNamesOnlyPresent(manifest: TDatasetManifest): Promise<void> {
    const expected = this.keysOfVersion.get(manifest.version);
    if (!expected) throw new Error(`manifest version ${manifest.version} is not one the test imported`);
    const present = new Set(await this.target.list(`datasets/${this.name}/`));
    const missing = expected.filter((key) => !present.has(`datasets/${this.name}/${key}.json`));
    if (missing.length > 0) throw new Error(`manifest ${manifest.version} names ${missing.length} missing files, e.g. ${missing[0]}`);
    expect(manifest.keyCount).toBe(expected.length);
  }
}

describe("a publish that crashes halfway", () => {
  it("resumes: a re-run uploads only what is left, and the manifest out never names a missing file", { timeout: 300_000 }, async () => {
    const name = "crashy";
    const keysOfVersion = new Map<number, string[]>();
    const target = filePublisher();
    const publisher = new CrashingPublisher(target, keysOfVersion, name);
    const count = 5_000;
    const keysOf = (skip: Set<number>) => Array.from({ length: count }, (_, index) => index).filter((index) => !skip.has(index)).map((index) => String(10000 + index));

    // First publish: crash after 2,345 uploads, then resume.
    const csv = zipCsv(count);
    const stagingId = await stage(publisher, csv);
    const { message } = await send({ type: "dataset.import", input: { stagingId, options: { name, keyColumn: "zip" } }, datasetId: randomUUID() });
    const datasetId = (await datasetIdOf(name))!;
    keysOfVersion.set((await database.dataset.findUniqueOrThrow({ where: { id: datasetId } })).version, keysOf(new Set()));
    publisher.crashAfter = 2_345;
    await expect(publishDocument(database, { kind: DATASET_KIND, documentId: datasetId, publisher })).rejects.toThrow(/simulated crash/);
    // The failed publish ended only after the uploads it had in flight: none lands after its lease is given up.
    expect(publisher.inFlight).toBe(0);
    expect(await manifestOf(target, name)).toBeNull();
    const recorded = await database.datasetKey.count({ where: { datasetId, publishedHash: { not: null } } });
    expect(recorded).toBe(2_000); // two batches of 1,000 recorded; the third was cut short
    publisher.crashAfter = Infinity;
    publisher.puts = 0;
    const resumed = await publishDocument(database, { kind: DATASET_KIND, documentId: datasetId, publisher });
    expect(files(resumed).uploaded).toBe(count - 2_000);
    expect(publisher.puts).toBe(count - 2_000 + 1);
    expect((await database.datasetImport.findUniqueOrThrow({ where: { id: message.importId as string } })).status).toBe("published");
    await publisher.checkPublished();

    // A re-import that changes 300 rows and removes 400: crash among its uploads; the old manifest stays valid.
    const change = new Set(Array.from({ length: 300 }, (_, index) => index * 7));
    const skip = new Set(Array.from({ length: 400 }, (_, index) => 4_000 + index));
    const secondStaging = await stage(publisher, zipCsv(count, { change, skip }));
    await send({ type: "dataset.import", input: { stagingId: secondStaging, options: { name, keyColumn: "zip" } }, datasetId });
    keysOfVersion.set((await database.dataset.findUniqueOrThrow({ where: { id: datasetId } })).version, keysOf(skip));
    publisher.puts = 0;
    publisher.crashAfter = 150;
    await expect(publishDocument(database, { kind: DATASET_KIND, documentId: datasetId, publisher })).rejects.toThrow(/simulated crash/);
    await publisher.checkPublished();
    expect(publisher.events.filter((event) => event.startsWith("delete"))).toEqual([]);
    publisher.crashAfter = Infinity;
    publisher.puts = 0;
    publisher.events.length = 0;
    const finished = await publishDocument(database, { kind: DATASET_KIND, documentId: datasetId, publisher });
    expect(files(finished)).toEqual({ uploaded: 300, deleted: 400 });
    // Every delete came after the new manifest.
    const manifestAt = publisher.events.indexOf(`put datasets/${name}/manifest.json`);
    expect(manifestAt).toBe(300);
    expect(publisher.events.slice(manifestAt + 1).every((event) => event.startsWith("delete"))).toBe(true);
    await publisher.checkPublished();

    // The manifest's hash tree is the tree of the files out there.
    const published = await target.list(`datasets/${name}/`);
    const leaves = await Promise.all(
      published.filter((key) => !key.endsWith("manifest.json")).map(async (key) => ({ key: key.slice(`datasets/${name}/`.length, -5), contentHash: sha256Hex((await target.get(key))!.body.toString()) })),
    );
    expect((await manifestOf(target, name))!.hashTree).toEqual(buildHashTree(leaves));
  });
});

describe("the sharded layout", () => {
  it("writes one file per key prefix, and a re-import rewrites only the shard whose key changed", async () => {
    const publisher = filePublisher();
    const name = "zip-shards";
    const first = await importCsv(publisher, zipCsv(2_000), { name, keyColumn: "zip", layout: { type: "shard", prefixLength: 3 } });
    // zips 10000..11999: prefixes 100..119.
    expect(files(first.published)).toEqual({ uploaded: 20, deleted: 0 });
    const keys = await publisher.list(`datasets/${name}/`);
    expect(keys).toHaveLength(21);
    const shard = JSON.parse((await publisher.get(`datasets/${name}/shards/104.json`))!.body.toString()) as Record<string, { city: string }>;
    expect(Object.keys(shard)).toHaveLength(100);
    expect(shard["10432"]).toEqual({ city: "City 432", state: "OH" });
    expect((await manifestOf(publisher, name))!.layout).toEqual({ type: "shard", prefixLength: 3 });

    const second = await importCsv(publisher, zipCsv(2_000, { change: new Set([432]) }), { name, keyColumn: "zip", layout: { type: "shard", prefixLength: 3 } });
    expect(files(second.published)).toEqual({ uploaded: 1, deleted: 0 });

    // Back to one file per key: the shards go once the new manifest is out.
    const third = await importCsv(publisher, zipCsv(2_000), { name, keyColumn: "zip" });
    expect(files(third.published)).toEqual({ uploaded: 2_000, deleted: 20 });
    expect((await publisher.list(`datasets/${name}/shards/`)).length).toBe(0);
  });
});

describe("delete", () => {
  it("removes the manifest first, then every key file, then the dataset", async () => {
    const target = filePublisher();
    const events: string[] = [];
    const publisher: Publisher = {
      description: "recording",
      put: (object) => target.put(object),
      get: (key) => target.get(key),
      delete: async (key) => {
        events.push(key);
        await target.delete(key);
      },
      list: (prefix) => target.list(prefix),
    };
    const { datasetId } = await importCsv(publisher, zipCsv(50), { name: "doomed", keyColumn: "zip" });
    // A stray file a crashed publish left unrecorded goes too.
    await target.put({ key: "datasets/doomed/99999.json", body: "{}", contentType: "application/json", cacheControl: "no-cache" });
    const { outcome } = await send({ type: "dataset.delete", input: { name: "doomed" }, datasetId });
    expect(outcome).toMatchObject({ status: "applied" });
    const deleted = await publishDocument(database, { kind: DATASET_KIND, documentId: datasetId, publisher });
    expect(deleted.status).toBe("withdrawn");
    expect(events[0]).toBe("datasets/doomed/manifest.json");
    expect(events).toHaveLength(52);
    expect(await target.list("datasets/doomed/")).toEqual([]);
    expect(await datasetIdOf("doomed")).toBeUndefined();
    expect(await database.datasetKey.count({ where: { datasetId } })).toBe(0);
  });
});
