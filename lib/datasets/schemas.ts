// Dataset input schemas, safe to import from client forms: the import options, the delete, and the CLI's flags.
import { z } from "zod";

export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const ZDatasetNameSchema = z
  .string({ error: "Give the dataset a name." })
  .trim()
  .regex(DATASET_NAME_PATTERN, "Use 1-63 lowercase letters, digits and hyphens, starting with a letter or digit (e.g. zip-codes).");

/** A CSV header name as chosen for the key or a value column. */
const ZColumnNameSchema = z.string().trim().min(1, "Name a column of the CSV.").max(200, "A column name is at most 200 characters.");

export const ZKeyCaseSchema = z.enum(["none", "upper", "lower"], { error: "Case is none, upper or lower." });

export const ZDatasetLayoutSchema = z.discriminatedUnion(
  "type",
  [z.object({ type: z.literal("key") }), z.object({ type: z.literal("shard"), prefixLength: z.coerce.number().int("The shard prefix is a whole number of characters.").min(1, "The shard prefix is 1 to 8 characters.").max(8, "The shard prefix is 1 to 8 characters.") })],
  { error: "Layout is one file per key, or shards by key prefix." },
);

/** How an import reads the CSV and what it publishes (everything but the staged file, which the command names). */
export const ZDatasetImportOptionsSchema = z
  .object({
    name: ZDatasetNameSchema,
    keyColumn: ZColumnNameSchema,
    /** Empty: every column but the key. */
    valueColumns: z.array(ZColumnNameSchema).max(100, "At most 100 value columns.").default([]),
    keyCase: ZKeyCaseSchema.default("none"),
    padWidth: z.coerce.number().int("The pad width is a whole number.").min(1, "The pad width is 1 to 32.").max(32, "The pad width is 1 to 32.").nullable().default(null),
    skipBadRows: z.boolean().default(false),
    layout: ZDatasetLayoutSchema.default({ type: "key" }),
  })
  .superRefine((options, context) => {
    if (options.valueColumns.includes(options.keyColumn)) context.addIssue({ code: "custom", path: ["valueColumns"], message: "The key column cannot also be a value column." });
    if (new Set(options.valueColumns).size !== options.valueColumns.length) context.addIssue({ code: "custom", path: ["valueColumns"], message: "A value column is named twice." });
  });

export type TDatasetImportOptions = z.output<typeof ZDatasetImportOptionsSchema>;
export type TDatasetImportOptionsInput = z.input<typeof ZDatasetImportOptionsSchema>;

/** dataset.import: the staged upload (see stage-dataset-upload.ts) plus the options. */
export const ZDatasetImportSchema = z.object({ stagingId: z.uuid("Upload the CSV first (the staged upload id is missing)."), options: ZDatasetImportOptionsSchema });

export const ZDatasetDeleteSchema = z.object({ name: ZDatasetNameSchema });

export type TDatasetImportStatus = "queued" | "parsing" | "rejected" | "publishing" | "published" | "failed";

export type TReportProblemCode = "duplicate_key" | "empty_key" | "invalid_key" | "short_row" | "long_row" | "bad_encoding" | "missing_column";

/** A problem found in the CSV: its line (1 = the header) and what is wrong. */
export type TReportProblem = { line: number; code: TReportProblemCode; message: string; key?: string };

export type TImportReport = {
  rowsParsed: number;
  rowsAccepted: number;
  rowsSkipped: number;
  errorCount: number;
  counts: Partial<Record<TReportProblemCode, number>>;
  /** The first problems in line order (MAX_REPORTED_PROBLEMS at most). */
  problems: TReportProblem[];
  /** The CSV's header as read (the admin offers its columns). */
  header: string[];
};
