// Banner input as editors and API callers send it: every field checked here, every error keyed by its field.
// Safe to import from client forms (no sanitiser here; lib/banners/sanitize-banner-html.ts runs on the server).
import { z } from "zod";
import { isValidTimeZone } from "../time/is-valid-time-zone";
import { ZSafeText } from "../content/safe-text";

export const BANNER_SEVERITIES = ["info", "warning", "urgent"] as const;
export const BANNER_STATUSES = ["draft", "published", "archived"] as const;
export const BANNER_TARGETINGS = ["everyone", "states", "zip_prefixes"] as const;
/** Placements every page knows; any other tag is one a page asks for by name. */
export const BUILT_IN_PLACEMENTS = ["sitewide", "homepage"] as const;

/** The 50 states and DC as USPS codes. */
export const US_STATE_CODES = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS",
  "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
] as const;

export const MAX_MESSAGE_TEXT_LENGTH = 500;
export const MAX_MESSAGE_HTML_LENGTH = 5_000;
export const MAX_CTA_LABEL_LENGTH = 80;
export const MAX_URL_LENGTH = 2_000;
export const MAX_ZIP_PREFIXES = 200;
export const PLACEMENT_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
const ZIP_PREFIX_PATTERN = /^\d{1,5}$/;
const STATE_SET = new Set<string>(US_STATE_CODES);

/** Roughly the words of an HTML fragment (tags dropped, common entities decoded): for length limits only. */
export function approximateText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&(?:lt|gt|amp|quot|#39|apos);/g, "x")
    .replace(/\s+/g, " ")
    .trim();
}


/** An absolute http(s) URL without credentials, or null. */
export function safeHttpUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password || !url.hostname) return null;
  return url.href;
}

const ZBannerIdSchema = z.uuid("Unknown banner.");

const ZMessageHtmlSchema = ZSafeText({ label: "Message", required: "Message is required." })
  .trim()
  .max(MAX_MESSAGE_HTML_LENGTH, `Message is too long (at most ${MAX_MESSAGE_HTML_LENGTH} characters of HTML).`)
  .check((context) => {
    const text = approximateText(context.value);
    if (text.length === 0) context.issues.push({ code: "custom", input: context.value, message: "Message is required." });
    else if (text.length > MAX_MESSAGE_TEXT_LENGTH) {
      context.issues.push({ code: "custom", input: context.value, message: `Message is too long: ${text.length} characters, at most ${MAX_MESSAGE_TEXT_LENGTH}.` });
    }
  });

/** "", null and a missing value all mean "none" (a form's empty field). */
const optionalText = (label: string, max: number) =>
  ZSafeText({ label })
    .trim()
    .max(max, `${label} is too long (at most ${max} characters).`)
    .nullable()
    .optional()
    .transform((value) => value || null);

const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 0, 0, 0);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with an offset (or Z); "", null or missing: none. */
const ZInstantSchema = (label: string) => {
  const message = `${label} must be a date and time (ISO 8601, e.g. 2026-11-03T12:00:00Z).`;
  return z
    .string(message)
    .nullable()
    .optional()
    .check((context) => {
      if (!context.value) return;
      const ms = Date.parse(context.value);
      if (!ISO_INSTANT.test(context.value) || Number.isNaN(ms)) context.issues.push({ code: "custom", input: context.value, message });
      // In UTC it must still be a four-digit year Postgres and ISO 8601 both hold (9999-12-31T23:00-05:00 is not).
      else if (ms < EARLIEST_INSTANT_MS || ms > LATEST_INSTANT_MS) context.issues.push({ code: "custom", input: context.value, message: `${label} must be between the years 2000 and 9999.` });
    })
    .transform((value) => value || null);
};

const ZStatesSchema = z
  .array(z.string("States must be two-letter codes.").trim().toUpperCase(), "States must be a list of two-letter codes.")
  .max(60, "Too many states.")
  .transform((states) => [...new Set(states)])
  .check((context) => {
    const unknown = context.value.filter((state) => !STATE_SET.has(state));
    if (unknown.length > 0) context.issues.push({ code: "custom", input: context.value, message: `States: ${unknown.slice(0, 5).join(", ")} ${unknown.length === 1 ? "is not a" : "are not"} US state code${unknown.length === 1 ? "" : "s"} (50 states and DC).` });
  });

const ZZipPrefixesSchema = z
  .array(z.string("ZIP prefixes must be 1 to 5 digits.").trim(), "ZIP prefixes must be a list.")
  .transform((prefixes) => [...new Set(prefixes)])
  .check((context) => {
    const bad = context.value.filter((prefix) => !ZIP_PREFIX_PATTERN.test(prefix));
    if (bad.length > 0) context.issues.push({ code: "custom", input: context.value, message: `ZIP prefixes must be 1 to 5 digits: ${bad.slice(0, 5).map((prefix) => JSON.stringify(prefix)).join(", ")}.` });
    if (context.value.length > MAX_ZIP_PREFIXES) context.issues.push({ code: "custom", input: context.value, message: `At most ${MAX_ZIP_PREFIXES} ZIP prefixes.` });
  });

const ZPlacementsSchema = z
  .array(z.string("Placements must be tags.").trim().toLowerCase(), "Placements must be a list of tags.")
  .transform((placements) => [...new Set(placements)])
  .check((context) => {
    if (context.value.length === 0) context.issues.push({ code: "custom", input: context.value, message: "Choose at least one placement (e.g. sitewide or homepage)." });
    if (context.value.length > 10) context.issues.push({ code: "custom", input: context.value, message: "At most 10 placements." });
    const bad = context.value.filter((placement) => !PLACEMENT_PATTERN.test(placement));
    if (bad.length > 0) context.issues.push({ code: "custom", input: context.value, message: `Placements are lower-case letters, digits and hyphens (up to 40), starting with a letter or digit: ${bad.slice(0, 3).map((tag) => JSON.stringify(tag)).join(", ")}.` });
  });

/** Every editable field of a banner (what banner.update replaces as a whole). */
const bannerFieldShape = {
  messageHtml: ZMessageHtmlSchema,
  ctaLabel: optionalText("Button label", MAX_CTA_LABEL_LENGTH),
  ctaUrl: optionalText("Button link", MAX_URL_LENGTH),
  severity: z.enum(BANNER_SEVERITIES, "Severity must be info, warning or urgent.").default("info"),
  placements: ZPlacementsSchema,
  targeting: z.enum(BANNER_TARGETINGS, "Targeting must be everyone, states or zip_prefixes.").default("everyone"),
  states: ZStatesSchema.default([]),
  zipPrefixes: ZZipPrefixesSchema.default([]),
  startsAt: ZInstantSchema("Start"),
  endsAt: ZInstantSchema("End"),
  timeZone: ZSafeText({ label: "Time zone" }).trim().default("UTC"),
  priority: z.coerce.number("Priority must be a whole number.").int("Priority must be a whole number.").min(-1000, "Priority must be at least -1000.").max(1000, "Priority must be at most 1000.").default(0),
  dismissible: z.boolean("Dismissible must be true or false.").default(true),
};

type TFieldsForCheck = { ctaLabel: string | null; ctaUrl: string | null; targeting: string; states: string[]; zipPrefixes: string[]; startsAt: string | null; endsAt: string | null; timeZone: string };

/** Rules across fields; each issue names the field to fix. */
function checkBannerFields(value: TFieldsForCheck, context: z.core.$RefinementCtx) {
  if (value.ctaLabel && !value.ctaUrl) context.addIssue({ code: "custom", path: ["ctaUrl"], message: "A button needs a link as well as a label." });
  if (value.ctaUrl && !value.ctaLabel) context.addIssue({ code: "custom", path: ["ctaLabel"], message: "A button needs a label as well as a link." });
  if (value.ctaUrl && safeHttpUrl(value.ctaUrl) === null) context.addIssue({ code: "custom", path: ["ctaUrl"], message: "Button link must be a full http:// or https:// address." });
  if (value.targeting === "states" && value.states.length === 0) context.addIssue({ code: "custom", path: ["states"], message: "Choose at least one state (or target everyone)." });
  if (value.targeting === "zip_prefixes" && value.zipPrefixes.length === 0) context.addIssue({ code: "custom", path: ["zipPrefixes"], message: "Enter at least one ZIP prefix (or target everyone)." });
  if (!isValidTimeZone(value.timeZone)) context.addIssue({ code: "custom", path: ["timeZone"], message: `Time zone ${JSON.stringify(value.timeZone.slice(0, 64))} is not a known IANA zone (e.g. America/New_York).` });
  if (value.startsAt && value.endsAt && Date.parse(value.endsAt) <= Date.parse(value.startsAt)) context.addIssue({ code: "custom", path: ["endsAt"], message: "End must be after the start." });
}

/** Normalised: instants as UTC ISO strings, the button as both-or-neither, targeting lists emptied unless used. */
function normaliseBannerFields<T extends TFieldsForCheck>(value: T): T {
  return {
    ...value,
    ctaUrl: value.ctaUrl ? safeHttpUrl(value.ctaUrl) : null,
    states: value.targeting === "states" ? [...value.states].sort() : [],
    zipPrefixes: value.targeting === "zip_prefixes" ? value.zipPrefixes : [],
    startsAt: value.startsAt ? new Date(value.startsAt).toISOString() : null,
    endsAt: value.endsAt ? new Date(value.endsAt).toISOString() : null,
  };
}

export const ZBannerFieldsSchema = z.object(bannerFieldShape).superRefine(checkBannerFields).transform(normaliseBannerFields);
export type TBannerFields = z.output<typeof ZBannerFieldsSchema>;
export type TBannerFieldsInput = z.input<typeof ZBannerFieldsSchema>;

export const ZCreateBannerSchema = z
  .object({ ...bannerFieldShape, status: z.enum(["draft", "published"], "Status must be draft or published.").default("draft") })
  .superRefine(checkBannerFields)
  .transform(normaliseBannerFields);
export type TCreateBannerInput = z.output<typeof ZCreateBannerSchema>;

export const ZUpdateBannerSchema = z
  .object({
    ...bannerFieldShape,
    bannerId: ZBannerIdSchema,
    /** The banner version the editor saw; a newer one refuses the edit instead of overwriting it. */
    expectedVersion: z.number("Expected version must be a number.").int().positive().optional(),
    /** Optionally publish (or return to draft) in the same step, e.g. the form's "Publish" button. */
    status: z.enum(BANNER_STATUSES, "Status must be draft, published or archived.").optional(),
  })
  .superRefine(checkBannerFields)
  .transform(normaliseBannerFields);
export type TUpdateBannerInput = z.output<typeof ZUpdateBannerSchema>;

export const ZDuplicateBannerSchema = z.object({ bannerId: ZBannerIdSchema });

/** status: draft | published | archived; "end now" is `{ endNow: true }` (the end becomes the time it is applied). */
export const ZSetBannerStatusSchema = z
  .object({
    bannerId: ZBannerIdSchema,
    status: z.enum(BANNER_STATUSES, "Status must be draft, published or archived.").optional(),
    endNow: z.boolean("End now must be true or false.").optional(),
    expectedVersion: z.number("Expected version must be a number.").int().positive().optional(),
  })
  .superRefine((value, context) => {
    if (value.status === undefined && !value.endNow) context.addIssue({ code: "custom", path: ["status"], message: "Give a status (draft, published, archived) or endNow: true." });
    if (value.status !== undefined && value.endNow) context.addIssue({ code: "custom", path: ["endNow"], message: "Ending a banner keeps its status; send either status or endNow." });
  });
export type TSetBannerStatusInput = z.output<typeof ZSetBannerStatusSchema>;

export const ZDeleteBannerSchema = z.object({ bannerId: ZBannerIdSchema, expectedVersion: z.number("Expected version must be a number.").int().positive().optional() });

export type TBannerSeverity = (typeof BANNER_SEVERITIES)[number];
export type TBannerStatus = (typeof BANNER_STATUSES)[number];
export type TBannerTargeting = (typeof BANNER_TARGETINGS)[number];
