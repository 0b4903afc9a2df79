// Feed inputs (safe to import from client forms): the settings, the write-only request headers, and the commands'
// payloads. A header arrives as {name, value}; the door seals it ({name, sealed}) before it is queued, and an update
// names a header without either to keep its stored value.
import { Cron } from "croner";
import { z } from "zod";
import { outboundUrlSchema } from "../http/outbound-url-schema";
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_SECONDS,
  FEED_NAME_PATTERN,
  MAX_MAPPING_FIELDS,
  MAX_MAX_BYTES,
  MAX_SECRET_HEADERS,
  MAX_TIMEOUT_SECONDS,
  MIN_MAX_BYTES,
  MIN_SCHEDULE_GAP_MS,
  MIN_TIMEOUT_SECONDS,
} from "./constants";

export const FEED_FORMATS = ["json", "csv"] as const;
export type TFeedFormat = (typeof FEED_FORMATS)[number];

export const ZFeedNameSchema = z
  .string({ error: "Name is required." })
  .trim()
  .regex(FEED_NAME_PATTERN, "Use 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit (it becomes feeds/<name>.json).");

/** Only what the fetcher will try; the SSRF guard checks the address again at every run. */
export const ZFeedUrlSchema = outboundUrlSchema({
  required: "Source URL is required.",
  example: "https://vendor.example/results.json",
  protocol: "The URL must start with http:// or https://.",
  credentials: "Put credentials in a secret request header, not in the URL.",
});

/** A JSON pointer (RFC 6901): "" (the whole document) or "/a/0/b". */
const JSON_POINTER = /^(\/([^~/]|~[01])*)*$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const ZMappingFieldSchema = z.object({
  from: z.string().max(500, "A source can be at most 500 characters."),
  to: z.string().trim().regex(FIELD_NAME, "A field name starts with a letter or _ and has up to 64 letters, digits, _ or -."),
});
export type TMappingField = z.infer<typeof ZMappingFieldSchema>;

/** Every time zone name the runtime knows. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The schedule's next runs after `from`, or why the expression is unusable. */
export function nextScheduledRuns(schedule: string, timeZone: string, count: number, from: Date = new Date()): Date[] {
  const cron = new Cron(schedule, { timezone: timeZone, paused: true });
  return cron.nextRuns(count, from);
}

/** Null when the schedule is fine, else why not (invalid, never runs, or more often than once a minute). */
export function scheduleProblem(schedule: string, timeZone: string): string | null {
  let runs: Date[];
  try {
    runs = nextScheduledRuns(schedule, timeZone, 4);
  } catch (error) {
    return `Not a valid cron schedule (${(error as Error).message.replace(/^CronPattern: /, "")}). Example: */15 * * * * (every 15 minutes).`;
  }
  if (runs.length === 0) return "This schedule never runs.";
  for (let index = 1; index < runs.length; index++) {
    if (runs[index]!.getTime() - runs[index - 1]!.getTime() < MIN_SCHEDULE_GAP_MS) return "A feed may run at most once a minute.";
  }
  return null;
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
/** Set by the fetcher itself, or meaningless for a GET: an editor cannot override them. */
const RESERVED_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "keep-alive",
  "proxy-authorization",
  "proxy-connection",
  "if-none-match",
  "if-modified-since",
  "accept-encoding",
  "cookie",
]);

/** A header as the door receives it (value) or queues it (sealed); an update may give neither to keep the stored one. */
export const ZFeedHeaderSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(HEADER_NAME, "A header name has letters, digits and - only (e.g. X-Api-Key).")
      .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), "This header is set by the fetcher itself."),
    value: z
      .string()
      .max(4096, "A header value can be at most 4096 characters.")
      .regex(/^[\t\x20-\x7e]*$/, "A header value has printable ASCII characters only (no line breaks).")
      .refine((value) => value.trim().length > 0, "A header value cannot be empty.")
      .optional(),
    sealed: z
      .string()
      .regex(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, "Not a sealed header value.")
      .max(8192)
      .optional(),
  })
  .refine((header) => !(header.value !== undefined && header.sealed !== undefined), "Give a header's value once.");
export type TFeedHeaderInput = z.input<typeof ZFeedHeaderSchema>;

const ZHeadersSchema = z
  .array(ZFeedHeaderSchema)
  .max(MAX_SECRET_HEADERS, `At most ${MAX_SECRET_HEADERS} request headers.`)
  .superRefine((headers, context) => {
    const seen = new Set<string>();
    for (const header of headers) {
      const name = header.name.toLowerCase();
      if (seen.has(name)) context.addIssue({ code: "custom", message: `The header ${header.name} is listed twice.` });
      seen.add(name);
    }
  });

const fields = {
  sourceUrl: ZFeedUrlSchema,
  format: z.enum(FEED_FORMATS, { error: "Format must be json or csv." }),
  itemsPointer: z
    .string()
    .trim()
    .max(500)
    .nullish()
    .transform((value) => (value ? value : null)),
  mapping: z.array(ZMappingFieldSchema).max(MAX_MAPPING_FIELDS, `At most ${MAX_MAPPING_FIELDS} mapped fields.`).default([]),
  schedule: z.string({ error: "Schedule is required." }).trim().min(1, "Schedule is required.").max(200),
  timeZone: z.string().trim().default("UTC"),
  timeoutSeconds: z
    .number({ error: "Timeout must be a number of seconds." })
    .int("Timeout must be a whole number of seconds.")
    .min(MIN_TIMEOUT_SECONDS, `Timeout must be at least ${MIN_TIMEOUT_SECONDS} s.`)
    .max(MAX_TIMEOUT_SECONDS, `Timeout can be at most ${MAX_TIMEOUT_SECONDS} s.`)
    .default(DEFAULT_TIMEOUT_SECONDS),
  maxBytes: z
    .number({ error: "Maximum size must be a number of bytes." })
    .int("Maximum size must be a whole number of bytes.")
    .min(MIN_MAX_BYTES, `Maximum size must be at least ${MIN_MAX_BYTES} bytes.`)
    .max(MAX_MAX_BYTES, `Maximum size can be at most ${MAX_MAX_BYTES / 1024 / 1024} MB.`)
    .default(DEFAULT_MAX_BYTES),
};

type TFieldsShape = { format: TFeedFormat; itemsPointer: string | null; mapping: TMappingField[]; schedule: string; timeZone: string };

/** The checks across fields: pointers for JSON, column names for CSV, unique target names, a usable schedule. */
function checkFields(value: TFieldsShape, context: z.RefinementCtx) {
  if (!isTimeZone(value.timeZone)) context.addIssue({ code: "custom", path: ["timeZone"], message: `${value.timeZone} is not a known IANA zone (e.g. America/New_York).` });
  else {
    const problem = scheduleProblem(value.schedule, value.timeZone);
    if (problem) context.addIssue({ code: "custom", path: ["schedule"], message: problem });
  }
  if (value.format === "csv" && value.itemsPointer) context.addIssue({ code: "custom", path: ["itemsPointer"], message: "A CSV feed has no items pointer (its rows are the items)." });
  if (value.format === "json" && value.itemsPointer && !JSON_POINTER.test(value.itemsPointer)) {
    context.addIssue({ code: "custom", path: ["itemsPointer"], message: 'The items pointer is a JSON pointer, e.g. /results (or leave it empty for the whole body).' });
  }
  const targets = new Set<string>();
  for (const field of value.mapping) {
    if (value.format === "json" && !JSON_POINTER.test(field.from)) context.addIssue({ code: "custom", path: ["mapping"], message: `"${field.from}" is not a JSON pointer (e.g. /candidate/name).` });
    if (value.format === "csv" && !field.from.trim()) context.addIssue({ code: "custom", path: ["mapping"], message: "Name the CSV column each field comes from." });
    if (targets.has(field.to)) context.addIssue({ code: "custom", path: ["mapping"], message: `The field name ${field.to} is used twice.` });
    targets.add(field.to);
  }
}

export const ZCreateFeedSchema = z
  .object({ name: ZFeedNameSchema, ...fields, headers: ZHeadersSchema.default([]) })
  .superRefine((value, context) => {
    checkFields(value, context);
    if (value.headers.some((header) => header.value === undefined && header.sealed === undefined)) context.addIssue({ code: "custom", path: ["headers"], message: "Give each request header a value." });
  });

export const ZUpdateFeedSchema = z
  .object({
    feedId: z.uuid(),
    /** The settings version the editor saw: an edit over someone else's newer change is refused. */
    expectedVersion: z.number().int().positive().optional(),
    ...fields,
    /** Omitted: the stored headers stay. Listed: exactly these, a header without a value keeping its stored one. */
    headers: ZHeadersSchema.optional(),
  })
  .superRefine(checkFields);

export const ZDeleteFeedSchema = z.object({ feedId: z.uuid() });
export const ZRunFeedNowSchema = z.object({ feedId: z.uuid() });

export type TCreateFeedInput = z.output<typeof ZCreateFeedSchema>;
export type TUpdateFeedInput = z.output<typeof ZUpdateFeedSchema>;
export type TFeedSettings = z.output<typeof ZCreateFeedSchema>;
