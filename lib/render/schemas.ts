// Shapes of the published JSON documents; widget authors can validate against these (docs in README).
import { z } from "zod";

export const HEAD_SCHEMA_VERSION = 1;

export const ZPublishedEntrySchema = z.object({
  id: z.uuid(),
  seq: z.number().int().positive(),
  body: z.string(),
  author: z.object({ name: z.string() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const ZLiveBlogHeadSchema = z.object({
  schema: z.literal(HEAD_SCHEMA_VERSION),
  version: z.number().int().positive(),
  publishedAt: z.iso.datetime(),
  liveblog: z.object({
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.enum(["draft", "live", "ended", "archived"]),
  }),
  totalEntries: z.number().int().nonnegative(),
  entries: z.array(ZPublishedEntrySchema),
});

export type TPublishedEntry = z.infer<typeof ZPublishedEntrySchema>;
export type TLiveBlogHead = z.infer<typeof ZLiveBlogHeadSchema>;
