// Live-blog input, shared by the admin forms and the server actions. Text refuses what the database would refuse
// (NUL, lone surrogates: lib/content/safe-text.ts), so a queued command never fails for it later.
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const LIVEBLOG_STATUSES = ["draft", "live", "ended", "archived"] as const;
export type TLiveBlogStatus = (typeof LIVEBLOG_STATUSES)[number];

const ZLiveBlogStatusSchema = z.enum(LIVEBLOG_STATUSES, "Status must be draft, live, ended or archived.");

/** A slug as it arrives in a URL: anything else (`%00`, `%ff`, `..`) names no live blog. */
export const ZSlugSchema = z
  .string("Slug is required.")
  .trim()
  .min(1, "Slug is required.")
  .max(80, "Slug must be at most 80 characters.")
  .regex(SLUG_PATTERN, "Slug may only contain lower-case letters, digits and single hyphens (no spaces), e.g. election-night-2026.");

export function isValidSlug(slug: unknown): slug is string {
  return typeof slug === "string" && slug.length <= 80 && SLUG_PATTERN.test(slug);
}

export const ZCreateLiveBlogSchema = z.object({
  title: ZSafeText({ label: "Title" }).trim().min(1, "Title is required.").max(200, "Title must be at most 200 characters."),
  slug: ZSlugSchema,
  description: ZSafeText({ label: "Description" }).trim().max(1000, "Description must be at most 1000 characters.").default(""),
  /** Drafts are private: a new blog is published only once someone makes it live ("Go live"). */
  status: ZLiveBlogStatusSchema.default("draft"),
});
export type TCreateLiveBlog = z.infer<typeof ZCreateLiveBlogSchema>;

/** Entry bodies are HTML from the rich-text editor; the cap is on the HTML, generous for text plus markup. */
export const MAX_ENTRY_LENGTH = 50_000; // the same as MAX_ENTRY_HTML_LENGTH in lib/content

export const ZEntryBodySchema = ZSafeText({ label: "Entry text", required: "Entry text is required." })
  .trim()
  .min(1, "Entry text is required.")
  .max(MAX_ENTRY_LENGTH, `Entry text must be at most ${MAX_ENTRY_LENGTH.toLocaleString("en-US")} characters of HTML.`);

export const ZEntryKindSchema = z.enum(["post", "key_event"], "Kind must be post or key_event.");
export type TEntryKind = z.infer<typeof ZEntryKindSchema>;

export const ZPostEntrySchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  body: ZEntryBodySchema,
  kind: ZEntryKindSchema.default("post"),
});
export type TPostEntry = z.infer<typeof ZPostEntrySchema>;

/** Title and description are optional, so a one-click status change ("Go live", "End coverage") never overwrites
 * text someone else changed meanwhile. */
export const ZUpdateLiveBlogSchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  title: ZCreateLiveBlogSchema.shape.title.optional(),
  description: ZSafeText({ label: "Description" }).trim().max(1000, "Description must be at most 1000 characters.").optional(),
  status: ZLiveBlogStatusSchema,
});
export type TUpdateLiveBlog = z.infer<typeof ZUpdateLiveBlogSchema>;

export const ZPinEntrySchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  /** null unpins. */
  entryId: z.uuid("Unknown entry.").nullable(),
});

const ZDraftRefSchema = z.object({ liveBlogId: z.uuid("Unknown live blog."), draftId: z.uuid("Unknown draft.") });

/** Creates the draft, or updates it when baseVersion names the version the author edited. */
export const ZSaveDraftSchema = ZDraftRefSchema.extend({
  body: ZEntryBodySchema,
  kind: ZEntryKindSchema.default("post"),
  baseVersion: z.number().int().positive().optional(),
  /** Also send it to the editors' review queue. */
  submit: z.boolean().default(false),
});

export const ZReviewDraftSchema = ZDraftRefSchema.extend({
  decision: z.enum(["approve", "return"], "Decision must be approve or return."),
  note: ZSafeText({ label: "The note" }).trim().max(1000, "The note must be at most 1000 characters.").default(""),
});

export const ZScheduleEntrySchema = ZDraftRefSchema.extend({
  body: ZEntryBodySchema,
  kind: ZEntryKindSchema.default("post"),
  scheduledAt: z.iso.datetime({ offset: true, message: "Scheduled time must be a date and time." }),
});

export const ZDiscardDraftSchema = ZDraftRefSchema;

export const ZLiveBlogIdSchema = z.uuid("Unknown live blog.");
