// Shapes of the published JSON documents; widget authors can validate against these (docs in README).
import { z } from "zod";

export const HEAD_SCHEMA_VERSION = 1;
export const PAGE_SCHEMA_VERSION = 1;

export const ZPublishedEntrySchema = z.object({
  id: z.uuid(),
  seq: z.number().int().positive(),
  body: z.string(),
  author: z.object({ name: z.string() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
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
  }),
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
export type TArchivePageRef = z.infer<typeof ZArchivePageRefSchema>;
export type TLiveBlogHead = z.infer<typeof ZLiveBlogHeadSchema>;
export type TArchivePage = z.infer<typeof ZArchivePageSchema>;
