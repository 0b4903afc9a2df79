// Shapes of the published JSON documents; widget authors can validate against these (docs in README).
import { z } from "zod";

export const HEAD_SCHEMA_VERSION = 2;
export const PAGE_SCHEMA_VERSION = 2;

export const ZEntryKindSchema = z.enum(["post", "key_event"]);

export const ZPublishedEntrySchema = z.object({
  id: z.uuid(),
  seq: z.number().int().positive(),
  kind: ZEntryKindSchema,
  /** Sanitised HTML, safe to insert as is: embeds are already expanded to sandboxed iframes or links. */
  html: z.string(),
  author: z.object({ name: z.string() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** True once the entry was edited after it was first published (shown as "updated"). */
  edited: z.boolean(),
});

/** A key event as listed in the summary: the entry's id and a plain-text title. */
export const ZKeyEventSchema = z.object({
  id: z.uuid(),
  seq: z.number().int().positive(),
  title: z.string(),
  createdAt: z.iso.datetime(),
});

export const ZArchivePageRefSchema = z.object({
  page: z.number().int().positive(),
  /** Relative to the blog's folder: `pages/<n>.<hash>.json`. */
  path: z.string(),
  firstSeq: z.number().int().positive(),
  lastSeq: z.number().int().positive(),
  count: z.number().int().nonnegative(),
});

/** A reader's question as published (approved or answered): plain text, to be inserted as text, never as HTML. No
 * email and no address is ever published. */
export const ZPublishedQuestionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  text: z.string(),
  status: z.enum(["approved", "answered"]),
  /** The entry that answers it (quoting it), when answered. */
  answerEntryId: z.uuid().nullable(),
  receivedAt: z.iso.datetime(),
});

/** Reader questions: whether the blog takes them now, where to send them, and the published ones. */
export const ZLiveBlogQuestionsSchema = z.object({
  /** The blog takes questions now (switched on in its settings, and live). */
  accepting: z.boolean(),
  /** POST a question here (the admin server's public endpoint); GET `<submitUrl>/challenge` first for the proof of work. */
  submitUrl: z.string().nullable(),
  /** Origins whose pages may send questions, besides the CDN's own. */
  origins: z.array(z.string()),
  /** Approved and answered questions, newest first. */
  items: z.array(ZPublishedQuestionSchema),
});

export const ZLiveBlogHeadSchema = z.object({
  schema: z.literal(HEAD_SCHEMA_VERSION),
  version: z.number().int().positive(),
  publishedAt: z.iso.datetime(),
  liveblog: z.object({
    id: z.uuid(),
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.enum(["draft", "live", "ended", "archived"]),
    coverageStartedAt: z.iso.datetime().nullable(),
    coverageEndedAt: z.iso.datetime().nullable(),
  }),
  /** The pinned entry, shown above the stream (also present in `entries` or a page at its own position). */
  pinned: ZPublishedEntrySchema.nullable(),
  /** Every key event, newest first (at most MAX_KEY_EVENTS). */
  keyEvents: z.array(ZKeyEventSchema),
  totalEntries: z.number().int().nonnegative(),
  /** Newest first: every entry newer than the last archive page, topped up to at least HEAD_MIN_ENTRIES. */
  entries: z.array(ZPublishedEntrySchema),
  /** Archive pages, newest first; each holds a fixed sequence range and never changes unless an entry in it does. */
  pages: z.array(ZArchivePageRefSchema),
  /** Set when an editor rolled the head back to the content of an earlier version. */
  rolledBackTo: z.number().int().positive().optional(),
  /** Present when the blog takes questions or has published some (issue 15). */
  questions: ZLiveBlogQuestionsSchema.optional(),
});

export const ZArchivePageSchema = z.object({
  schema: z.literal(PAGE_SCHEMA_VERSION),
  /** The page's own content version: bumped when an entry in it changes. */
  version: z.number().int().positive(),
  /** The newest change to an entry in this page (deterministic, so the content hash is stable). */
  publishedAt: z.iso.datetime(),
  liveblog: z.string(),
  page: z.number().int().positive(),
  firstSeq: z.number().int().positive(),
  lastSeq: z.number().int().positive(),
  entries: z.array(ZPublishedEntrySchema),
});

export type TPublishedEntry = z.infer<typeof ZPublishedEntrySchema>;
export type TKeyEvent = z.infer<typeof ZKeyEventSchema>;
export type TArchivePageRef = z.infer<typeof ZArchivePageRefSchema>;
export type TPublishedQuestion = z.infer<typeof ZPublishedQuestionSchema>;
export type TLiveBlogQuestions = z.infer<typeof ZLiveBlogQuestionsSchema>;
export type TLiveBlogHead = z.infer<typeof ZLiveBlogHeadSchema>;
export type TArchivePage = z.infer<typeof ZArchivePageSchema>;
