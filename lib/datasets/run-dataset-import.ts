// Runs a queued import in the publishing worker, under the dataset's publish lease: stream the staged CSV through
// the parser (no transaction open while reading it), bulk-insert good rows in batches, find repeated keys in
// Postgres, write the report, and only then, when the report allows it, replace the dataset's rows in one short
// transaction that holds no network call. The staged file is removed once the import is decided.
import type { Db } from "../db";
import { logger } from "../logger";
import { MAX_REPORTED_PROBLEMS } from "./constants";
import { clearImportRows, dropRepeatedKeys, findDuplicateKeys, insertImportRows, replaceDatasetKeys } from "./dataset-key-rows";
import { parseDatasetCsv } from "./parse-dataset-csv";
import { ZDatasetImportOptionsSchema, type TImportReport, type TReportProblem, type TReportProblemCode } from "./schemas";
import type { StagingStore } from "./staging-store";

export type TImportRow = { id: string; datasetId: string; stagingId: string; options: unknown; requestedById: string };

export type TImportOutcome = "accepted" | "rejected" | "failed";

/** Keeps the first problems in line order and counts all of them. */
class ProblemList {
  readonly counts: Partial<Record<TReportProblemCode, number>> = {};
  problems: TReportProblem[] = [];
  total = 0;

  add(problem: TReportProblem): void {
    this.total++;
    this.counts[problem.code] = (this.counts[problem.code] ?? 0) + 1;
    this.problems.push(problem);
    if (this.problems.length > MAX_REPORTED_PROBLEMS * 2) this.trim();
  }

  trim(): void {
    this.problems = this.problems.sort((a, b) => a.line - b.line).slice(0, MAX_REPORTED_PROBLEMS);
  }
}

/** Progress is written at most this often while parsing (one short UPDATE each). */
const PROGRESS_EVERY_MS = 500;

export async function runDatasetImport(database: Db, options: { importRow: TImportRow; staging: StagingStore }): Promise<TImportOutcome> {
  const { importRow, staging } = options;
  const importId = importRow.id;
  // A restart after a crash mid-parse starts the file again from the top.
  await clearImportRows(database, importId);
  await database.$executeRaw`
    UPDATE dataset_imports SET status = 'parsing', started_at = now(), rows_parsed = 0, rows_accepted = 0, rows_skipped = 0, error = NULL WHERE id = ${importId}::uuid`;
  await database.$executeRaw`UPDATE datasets SET status = 'importing' WHERE id = ${importRow.datasetId}::uuid AND status <> 'deleting'`;

  const parsedOptions = ZDatasetImportOptionsSchema.safeParse(importRow.options);
  const source = parsedOptions.success ? await staging.open(importRow.stagingId) : null;
  if (!parsedOptions.success || !source) {
    const reason = !parsedOptions.success ? "The import options are not valid." : "The uploaded file is no longer staged (it was imported already, or its upload never finished). Upload it again.";
    await finishImport(database, importRow, { status: "failed", error: reason, report: null, rowsAccepted: 0, rowsSkipped: 0 });
    return "failed";
  }
  const importOptions = parsedOptions.data;
  const problems = new ProblemList();
  let lastProgressAt = 0;
  const parsed = await parseDatasetCsv(source, importOptions, {
    onProblem: (problem) => problems.add(problem),
    onBatch: async (rows, rowsParsed) => {
      await insertImportRows(database, importId, rows);
      if (Date.now() - lastProgressAt >= PROGRESS_EVERY_MS) {
        lastProgressAt = Date.now();
        await database.$executeRaw`UPDATE dataset_imports SET rows_parsed = ${rowsParsed} WHERE id = ${importId}::uuid`;
      }
    },
  });

  const duplicates = await findDuplicateKeys(database, importId, MAX_REPORTED_PROBLEMS);
  for (const group of duplicates.groups) {
    const lines = group.lines.join(", ");
    for (const line of group.lines) problems.add({ line, code: "duplicate_key", key: group.key, message: `Line ${line}: the key ${JSON.stringify(group.key)} is on more than one line (lines ${lines}).` });
  }
  // Groups past the listed ones still count.
  const listedDuplicateRows = duplicates.groups.reduce((sum, group) => sum + group.lines.length, 0);
  problems.total += duplicates.rows - listedDuplicateRows;
  problems.counts.duplicate_key = (problems.counts.duplicate_key ?? 0) + duplicates.rows - listedDuplicateRows;
  problems.trim();

  const repeatedRows = duplicates.rows - duplicates.groups.length;
  const report: TImportReport = {
    rowsParsed: parsed.rowsParsed,
    rowsAccepted: parsed.rowsAccepted,
    rowsSkipped: parsed.rowsParsed - parsed.rowsAccepted,
    errorCount: problems.total,
    counts: problems.counts,
    problems: problems.problems,
    header: parsed.header,
  };
  if (parsed.fatal || (problems.total > 0 && !importOptions.skipBadRows)) {
    await clearImportRows(database, importId);
    await finishImport(database, importRow, { status: "rejected", error: null, report, rowsAccepted: 0, rowsSkipped: 0, rowsParsed: parsed.rowsParsed });
    await staging.remove(importRow.stagingId).catch((error: unknown) => logger.warn({ err: error, importId }, "staged upload not removed"));
    return "rejected";
  }

  // The record: one transaction, in the database only (no file, no network), a statement per step.
  await database.$transaction(
    async (tx) => {
      const dropped = importOptions.skipBadRows && repeatedRows > 0 ? await dropRepeatedKeys(tx, importId) : 0;
      const { keyCount } = await replaceDatasetKeys(tx, importRow.datasetId, importId);
      report.rowsAccepted = parsed.rowsAccepted - dropped;
      report.rowsSkipped = parsed.rowsParsed - report.rowsAccepted;
      const layout = importOptions.layout;
      await tx.$executeRaw`
        UPDATE datasets SET key_column = ${importOptions.keyColumn}, columns = ${parsed.columns}::text[], key_case = ${importOptions.keyCase}::"DatasetKeyCase",
          pad_width = ${importOptions.padWidth}::int, shard_prefix_length = ${layout.type === "shard" ? layout.prefixLength : null}::int, key_count = ${keyCount},
          byte_size = ${parsed.bytes}, last_import_id = ${importId}::uuid, last_imported_at = now(), last_imported_by_id = ${importRow.requestedById}::uuid
        WHERE id = ${importRow.datasetId}::uuid`;
      await finishImport(tx, importRow, { status: "publishing", error: null, report, rowsAccepted: report.rowsAccepted, rowsSkipped: report.rowsSkipped, rowsParsed: parsed.rowsParsed });
      await clearImportRows(tx, importId);
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
  await staging.remove(importRow.stagingId).catch((error: unknown) => logger.warn({ err: error, importId }, "staged upload not removed"));
  return "accepted";
}

async function finishImport(
  database: Db | Parameters<Parameters<Db["$transaction"]>[0]>[0],
  importRow: TImportRow,
  result: { status: "failed" | "rejected" | "publishing"; error: string | null; report: TImportReport | null; rowsAccepted: number; rowsSkipped: number; rowsParsed?: number },
): Promise<void> {
  const finished = result.status !== "publishing";
  await database.$executeRaw`
    UPDATE dataset_imports SET status = ${result.status}::"DatasetImportStatus", error = ${result.error}, report = ${result.report === null ? null : JSON.stringify(result.report)}::jsonb,
      rows_accepted = ${result.rowsAccepted}, rows_skipped = ${result.rowsSkipped}, rows_parsed = coalesce(${result.rowsParsed ?? null}::int, rows_parsed),
      finished_at = CASE WHEN ${finished} THEN now() ELSE NULL END
    WHERE id = ${importRow.id}::uuid`;
  // A refused import leaves the data as it was: still published if it was, else marked failed.
  if (finished) {
    await database.$executeRaw`
      UPDATE datasets SET status = (CASE WHEN key_column IS NULL THEN 'failed' ELSE 'published' END)::"DatasetStatus", last_import_id = ${importRow.id}::uuid
      WHERE id = ${importRow.datasetId}::uuid AND status <> 'deleting'`;
  }
}
