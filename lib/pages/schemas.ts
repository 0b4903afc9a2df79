// Page input ("the homepage for the day"): an ordered list of typed modules, shared by the admin forms, the server
// actions, the commands and the renderer. Safe to import from client forms: the server-side checks that need the
// configuration (rich-text sanitising, which image URLs are ours) live in clean-page-modules.ts.
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";
import { ZSlugSchema } from "../liveblogs/schemas";

export const MAX_PAGE_MODULES = 50;
export const MAX_RICHTEXT_LENGTH = 50_000;
export const PAGE_STATUSES = ["draft", "live", "archived"] as const;
export type TPageStatus = (typeof PAGE_STATUSES)[number];

export const MODULE_TYPES = ["headline", "image", "banners", "liveblog", "lookup", "richtext"] as const;
export type TModuleType = (typeof MODULE_TYPES)[number];

export const MODULE_TYPE_LABELS: Record<TModuleType, string> = {
  headline: "Headline",
  image: "Image",
  banners: "Banner slot",
  liveblog: "Live blog",
  lookup: "ZIP lookup",
  richtext: "Rich text",
};

/** A banner placement tag, as banners name them (`homepage`, `sitewide`, `ohio-results`). */
export const PLACEMENT_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** A lookup dataset's name (issue #13 publishes `datasets/<name>/...`). */
export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Module ids are chosen by the editor's browser and kept across edits, so readers' anchors and the widget stay stable. */
export const MODULE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const MAX_URL_LENGTH = 2000;

/** An absolute http(s) URL without credentials (`https://bank.com@evil.com`), as a browser would resolve it; else null. */
export function httpUrlOrNull(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) return null;
  return url.href;
}

function toHttpUrl(label: string) {
  return (value: string, context: z.RefinementCtx<unknown>) => {
    const href = httpUrlOrNull(value);
    if (href === null) {
      context.addIssue({ code: "custom", input: value, message: `${label} must be a full http:// or https:// address, e.g. https://example.com/vote.` });
      return z.NEVER;
    }
    return href;
  };
}

const ZHttpUrlSchema = (label: string) =>
  ZSafeText({ label })
    .trim()
    .max(MAX_URL_LENGTH, `${label} must be at most ${MAX_URL_LENGTH} characters.`)
    .transform(toHttpUrl(label));

/** Optional link: empty or missing means none (null in the published JSON). */
const ZOptionalLinkSchema = ZSafeText({ label: "Link" })
  .trim()
  .max(MAX_URL_LENGTH, `Link must be at most ${MAX_URL_LENGTH} characters.`)
  .optional()
  .nullable()
  .transform((value, context) => (value ? toHttpUrl("Link")(value, context) : null));

const ZModuleIdSchema = z.string("Module id is required.").regex(MODULE_ID_PATTERN, "Module id may only contain letters, digits, - and _ (at most 64).");

const title = (label: string, max: number) =>
  ZSafeText({ label })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);
const optionalText = (label: string, max: number) =>
  ZSafeText({ label })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .default("");

export const ZHeadlineModuleSchema = z.object({
  id: ZModuleIdSchema,
  type: z.literal("headline"),
  title: title("Headline", 200),
  text: optionalText("Text", 1000),
  link: ZOptionalLinkSchema,
});

export const ZImageModuleSchema = z.object({
  id: ZModuleIdSchema,
  type: z.literal("image"),
  /** https anywhere, or an uploaded image of this Ballast (checked on the server: clean-page-modules.ts). */
  src: ZHttpUrlSchema("Image address"),
  alt: title("Alt text", 300),
  caption: optionalText("Caption", 500),
  link: ZOptionalLinkSchema,
});

export const ZBannersModuleSchema = z.object({
  id: ZModuleIdSchema,
  type: z.literal("banners"),
  placement: z
    .string("Placement is required.")
    .trim()
    .regex(PLACEMENT_PATTERN, "Placement must be 1–40 lower-case letters, digits or hyphens, starting with a letter or digit (e.g. homepage)."),
});

export const ZLiveBlogModuleSchema = z.object({
  id: ZModuleIdSchema,
  type: z.literal("liveblog"),
  /** A live blog's slug; that it exists is checked when the change is applied. */
  slug: ZSlugSchema,
});

export const ZLookupModuleSchema = z.object({
  id: ZModuleIdSchema,
  type: z.literal("lookup"),
  dataset: z
    .string("Dataset is required.")
    .trim()
    .regex(DATASET_NAME_PATTERN, "Dataset must be a dataset name: lower-case letters, digits and hyphens (e.g. zip-codes)."),
  label: title("Label", 100),
});

export const ZRichTextModuleSchema = z.object({
  id: ZModuleIdSchema,
  type: z.literal("richtext"),
  /** Sanitised on write (clean-page-modules.ts) and again on render, with the entries' allowlist. */
  html: ZSafeText({ label: "Rich text" })
    .trim()
    .min(1, "Rich text is required.")
    .max(MAX_RICHTEXT_LENGTH, `Rich text must be at most ${MAX_RICHTEXT_LENGTH.toLocaleString("en-US")} characters of HTML.`),
});

export const ZPageModuleSchema = z.discriminatedUnion(
  "type",
  [ZHeadlineModuleSchema, ZImageModuleSchema, ZBannersModuleSchema, ZLiveBlogModuleSchema, ZLookupModuleSchema, ZRichTextModuleSchema],
  { error: `Module type must be one of: ${MODULE_TYPES.join(", ")}.` },
);
export type TPageModule = z.output<typeof ZPageModuleSchema>;
export type TPageModuleInput = z.input<typeof ZPageModuleSchema>;

export const ZPageModulesSchema = z
  .array(ZPageModuleSchema, "Modules must be a list.")
  .max(MAX_PAGE_MODULES, `A page has at most ${MAX_PAGE_MODULES} modules.`)
  .superRefine((modules, context) => {
    const seen = new Set<string>();
    modules.forEach((module, index) => {
      if (seen.has(module.id)) context.addIssue({ code: "custom", path: [index, "id"], message: `Module id "${module.id}" is used twice; each module needs its own id.` });
      seen.add(module.id);
    });
  });

const ZPageTitleSchema = title("Title", 200);
const ZPageDescriptionSchema = optionalText("Description", 1000);
const ZPageIdSchema = z.uuid("Unknown page.");

export const ZCreatePageSchema = z.object({
  title: ZPageTitleSchema,
  /** Fixed at creation: the page's public address is pages/<slug>/. */
  slug: ZSlugSchema,
  description: ZPageDescriptionSchema,
  modules: ZPageModulesSchema.default([]),
});
export type TCreatePage = z.output<typeof ZCreatePageSchema>;

/** Title, description and modules are each optional (unchanged when left out); expectedVersion refuses a stale edit. */
export const ZUpdatePageSchema = z.object({
  pageId: ZPageIdSchema,
  title: ZPageTitleSchema.optional(),
  description: ZSafeText({ label: "Description" }).trim().max(1000, "Description must be at most 1000 characters.").optional(),
  modules: ZPageModulesSchema.optional(),
  expectedVersion: z.number("Expected version must be a number.").int().positive().optional(),
});
export type TUpdatePage = z.output<typeof ZUpdatePageSchema>;

export const ZSetPageStatusSchema = z.object({
  pageId: ZPageIdSchema,
  status: z.enum(PAGE_STATUSES, "Status must be draft, live or archived."),
});

/** A version of the page (title, description, modules) that replaces it, and makes it live, at goLiveAt. */
export const ZSchedulePageSchema = z.object({
  pageId: ZPageIdSchema,
  title: ZPageTitleSchema,
  description: ZPageDescriptionSchema,
  modules: ZPageModulesSchema,
  goLiveAt: z.iso
    .datetime({ offset: true, message: "Go-live time must be a date and time." })
    .refine((value) => Date.parse(value) <= Date.UTC(9999, 11, 31), "Go-live time must be before the year 10000."),
});

export const ZCancelPageScheduleSchema = z.object({
  pageId: ZPageIdSchema,
  scheduleId: z.uuid("Unknown schedule."),
});

export const ZPageIdInputSchema = ZPageIdSchema;

/** Field errors keyed by the full path (`modules.2.title`), so a form can show each next to its module's field. */
export function pageFieldErrors(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path[0] === "input" ? issue.path.slice(1) : issue.path;
    fieldErrors[path.length > 0 ? path.map(String).join(".") : "form"] ??= issue.message;
  }
  return fieldErrors;
}

/** "Module 3 (headline), title: Headline is required." — for the author of a refused change. */
export function describePageFieldError(field: string, message: string, modules?: readonly { type?: unknown }[]): string {
  const match = /^modules\.(\d+)(?:\.(.+))?$/.exec(field);
  if (!match) return message;
  const index = Number(match[1]);
  const type = modules?.[index]?.type;
  return `Module ${index + 1}${typeof type === "string" ? ` (${type})` : ""}${match[2] ? `, ${match[2]}` : ""}: ${message}`;
}

// The published head (`pages/<slug>/latest.json`), read back for rollbacks and by tests.
const ZPublishedModuleSchema = z.discriminatedUnion("type", [
  z.object({ id: z.string(), type: z.literal("headline"), title: z.string(), text: z.string(), link: z.string().nullable() }),
  z.object({ id: z.string(), type: z.literal("image"), src: z.string(), alt: z.string(), caption: z.string(), link: z.string().nullable() }),
  z.object({ id: z.string(), type: z.literal("banners"), placement: z.string() }),
  z.object({ id: z.string(), type: z.literal("liveblog"), slug: z.string(), headUrl: z.string(), pageUrl: z.string() }),
  z.object({ id: z.string(), type: z.literal("lookup"), dataset: z.string(), label: z.string() }),
  z.object({ id: z.string(), type: z.literal("richtext"), html: z.string() }),
]);
export type TPublishedPageModule = z.infer<typeof ZPublishedModuleSchema>;

export const ZPageHeadSchema = z.object({
  schema: z.literal(1),
  version: z.number().int(),
  publishedAt: z.string(),
  rolledBackTo: z.number().int().optional(),
  page: z.object({ slug: z.string(), title: z.string(), description: z.string(), url: z.string() }),
  modules: z.array(ZPublishedModuleSchema),
});
export type TPageHead = z.infer<typeof ZPageHeadSchema>;
