// `npm run dataset -- import <file.csv> --name <name> --key <column> [--columns a,b,c] [--pad 5] [--case upper]
// [--shard 3] [--skip-bad-rows] [--as <email>]`, `npm run dataset -- list`, `npm run dataset -- delete <name>`.
// An import streams the file to staging (never through the queue), queues dataset.import, then polls the import's
// progress (rows parsed, files uploaded, rate, time left) until a worker has published it, and prints the report.
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { can } from "../lib/auth/permissions";
import { MAX_DATASET_UPLOAD_BYTES } from "../lib/datasets/constants";
import { getDatasetImportStatus, type TImportProgress } from "../lib/datasets/get-dataset-import-status";
import { listDatasets } from "../lib/datasets/list-datasets";
import { requestDatasetDelete, requestDatasetImport } from "../lib/datasets/request-dataset-change";
import type { TImportReport } from "../lib/datasets/schemas";
import { stagingStoreFor } from "../lib/datasets/staging-store";
import { db, disconnectWithin } from "../lib/db";
import { readEnv } from "../lib/env";
import { AppError } from "../lib/errors";
import { describeError } from "../lib/logger";
import { getPublisher } from "../lib/publishing/get-publisher";
import { getQueue } from "../lib/queue/get-queue";
import { ZodError } from "zod";

const USAGE = `Usage:
  npm run dataset -- import <file.csv> --name <name> --key <column> [--columns a,b,c] [--pad <width>] [--case none|upper|lower]
                                       [--shard <prefix length>] [--skip-bad-rows] [--as <email>]
  npm run dataset -- list
  npm run dataset -- delete <name> [--as <email>]
The actor (--as) defaults to ADMIN_EMAIL; it needs the editor or admin role.`;

const POLL_MS = 500;

async function actorFor(email: string | undefined) {
  const address = email ?? readEnv().ADMIN_EMAIL;
  if (!address) throw new Error(`Say who imports with --as <email> (or set ADMIN_EMAIL).\n${USAGE}`);
  const user = await db().user.findUnique({ where: { email: address.toLowerCase() }, select: { id: true, role: true, disabled: true } });
  if (!user || user.disabled) throw new Error(`No active user ${address}.`);
  if (!can(user.role, "dataset:edit")) throw new Error(`${address} is a ${user.role}; importing needs the editor or admin role.`);
  return { id: user.id, role: user.role };
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${Math.max(0, Math.round(seconds))} s`;
}

function printReport(report: TImportReport | null): void {
  if (!report) return;
  console.log(`rows: ${report.rowsParsed} parsed, ${report.rowsAccepted} accepted, ${report.rowsSkipped} skipped; ${report.errorCount} problem(s)`);
  for (const problem of report.problems.slice(0, 30)) console.log(`  line ${problem.line}: ${problem.message}`);
  if (report.errorCount > 30) console.log(`  ... and ${report.errorCount - 30} more (see the admin's report)`);
}

async function importCommand(file: string | undefined, values: Record<string, string | boolean | undefined>): Promise<number> {
  if (!file || typeof values.name !== "string" || typeof values.key !== "string") throw new Error(USAGE);
  const stat = fs.statSync(file);
  if (stat.size > MAX_DATASET_UPLOAD_BYTES) throw new Error(`${file} is ${mb(stat.size)}; the limit is ${mb(MAX_DATASET_UPLOAD_BYTES)}.`);
  const actor = await actorFor(values.as as string | undefined);
  const shard = values.shard === undefined ? undefined : Number(values.shard);
  const options = {
    name: values.name,
    keyColumn: values.key,
    valueColumns: typeof values.columns === "string" ? values.columns.split(",").map((column) => column.trim()).filter(Boolean) : [],
    keyCase: (values.case as "none" | "upper" | "lower" | undefined) ?? "none",
    padWidth: values.pad === undefined ? null : Number(values.pad),
    skipBadRows: values["skip-bad-rows"] === true,
    layout: shard === undefined ? { type: "key" as const } : { type: "shard" as const, prefixLength: shard },
  };
  const staging = stagingStoreFor(getPublisher());
  const stagingId = randomUUID();
  const stagedAt = Date.now();
  const { bytes } = await staging.write(stagingId, fs.createReadStream(file), { maxBytes: MAX_DATASET_UPLOAD_BYTES });
  console.log(`staged ${mb(bytes)} in ${staging.description} (${((Date.now() - stagedAt) / 1000).toFixed(1)} s)`);
  const queue = getQueue();
  let request;
  try {
    request = await requestDatasetImport({ actor, stagingId, options }, { queue });
  } catch (error) {
    await staging.remove(stagingId).catch(() => undefined);
    throw error;
  } finally {
    await queue.close();
  }
  console.log(`queued import ${request.importId} (command ${request.commandId}); waiting for a worker...`);
  return pollImport({ importId: request.importId, commandId: request.commandId, actorId: actor.id });
}

async function pollImport(ids: { importId: string; commandId: string; actorId: string }): Promise<number> {
  const tty = process.stdout.isTTY;
  let last: { at: number; files: number; rows: number } | null = null;
  let lastLineAt = 0;
  let previous = "";
  for (;;) {
    const progress: TImportProgress = await getDatasetImportStatus(db(), ids);
    const now = Date.now();
    let line = `${progress.status}`;
    if (progress.status === "parsing") {
      const rate = last ? ((progress.rowsParsed - last.rows) * 1000) / Math.max(1, now - last.at) : 0;
      line = `parsing: ${progress.rowsParsed.toLocaleString("en-US")} rows parsed${rate ? `, ${Math.round(rate).toLocaleString("en-US")} rows/s` : ""}`;
    } else if (progress.status === "publishing") {
      const rate = last ? ((progress.filesUploaded - last.files) * 1000) / Math.max(1, now - last.at) : 0;
      const left = progress.filesTotal - progress.filesUploaded;
      line = `publishing: ${progress.filesUploaded.toLocaleString("en-US")} of ${progress.filesTotal.toLocaleString("en-US")} files uploaded${rate ? `, ${Math.round(rate)} files/s, about ${duration(left / rate)} left` : ""}${progress.filesDeleted ? `, ${progress.filesDeleted} deleted` : ""}`;
    } else if (progress.status === "waiting" || progress.status === "queued") {
      line = "queued: waiting for a worker (is `npm run worker` running?)";
    }
    last = { at: now, files: progress.filesUploaded, rows: progress.rowsParsed };
    if (tty) process.stdout.write(`\r${line.padEnd(100)}`);
    else if (line !== previous && now - lastLineAt > 2_000) {
      console.log(line);
      lastLineAt = now;
    }
    previous = line;
    if (["published", "rejected", "failed", "refused"].includes(progress.status)) {
      if (tty) process.stdout.write("\n");
      if (progress.status === "published") console.log(`published: ${progress.filesUploaded} file(s) uploaded, ${progress.filesDeleted} deleted.`);
      if (progress.status === "rejected") console.log("rejected: the report has errors, so nothing was published (fix the file, or import with --skip-bad-rows).");
      if (progress.status === "failed" || progress.status === "refused") console.log(`${progress.status}: ${progress.error ?? "see the admin"}`);
      printReport(progress.report);
      return progress.status === "published" ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function listCommand(): Promise<number> {
  const datasets = await listDatasets(db());
  if (!datasets) throw new Error("The database is unreachable; try again once it is back.");
  if (datasets.length === 0) console.log("No datasets yet.");
  for (const dataset of datasets) {
    const last = dataset.lastImport;
    console.log(
      `${dataset.name.padEnd(24)} ${dataset.status.padEnd(10)} ${String(dataset.keyCount).padStart(8)} keys ${mb(dataset.byteSize).padStart(9)}  ${dataset.layout}` +
        (last ? `  last import ${last.at.toISOString()} by ${last.byName ?? "?"}: ${last.status}` : ""),
    );
  }
  return 0;
}

async function deleteCommand(name: string | undefined, values: Record<string, string | boolean | undefined>): Promise<number> {
  if (!name) throw new Error(USAGE);
  const actor = await actorFor(values.as as string | undefined);
  const queue = getQueue();
  try {
    await requestDatasetDelete({ actor, name }, { queue });
  } finally {
    await queue.close();
  }
  console.log(`queued the delete of ${name}; waiting for a worker to remove its objects...`);
  for (;;) {
    if (!(await db().dataset.findUnique({ where: { name }, select: { id: true } }))) {
      console.log(`${name} is deleted: its manifest and every key file are gone.`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string" },
      key: { type: "string" },
      columns: { type: "string" },
      pad: { type: "string" },
      case: { type: "string" },
      shard: { type: "string" },
      "skip-bad-rows": { type: "boolean" },
      as: { type: "string" },
    },
  });
  const [command, argument] = positionals;
  if (command === "import") return importCommand(argument, values);
  if (command === "list") return listCommand();
  if (command === "delete") return deleteCommand(argument, values);
  throw new Error(USAGE);
}

main()
  .then(async (code) => {
    await disconnectWithin(db(), 2_000);
    process.exit(code);
  })
  .catch((error: unknown) => {
    if (error instanceof ZodError) console.error(error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("\n"));
    else if (error instanceof AppError) console.error(`${error.message}${Object.keys(error.fieldErrors).length ? ` (${Object.entries(error.fieldErrors).map(([field, message]) => `${field}: ${message}`).join("; ")})` : ""}`);
    else console.error(error instanceof Error && error.message.startsWith("Usage") ? error.message : describeError(error));
    process.exit(1);
  });
