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
export type TLiveBlogHead = z.infer<typeof ZLiveBlogHeadSchema>;
export type TArchivePage = z.infer<typeof ZArchivePageSchema>;
