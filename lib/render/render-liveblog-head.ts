// Pure renderer for `liveblogs/<slug>/latest.json`: the same input always yields byte-identical output.
import { HEAD_SCHEMA_VERSION, type TLiveBlogHead } from "./schemas";

export const HEAD_ENTRY_COUNT = 50;

export type TRenderableEntry = {
  id: string;
  seq: number;
  body: string;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
};

export type TRenderableLiveBlog = {
  slug: string;
  title: string;
  description: string;
  status: TLiveBlogHead["liveblog"]["status"];
  version: number;
  totalEntries: number;
  /** Newest first; only the first HEAD_ENTRY_COUNT are rendered. */
  newestEntries: readonly TRenderableEntry[];
};

export function renderLiveBlogHead(blog: TRenderableLiveBlog, publishedAt: Date): string {
  const head: TLiveBlogHead = {
    schema: HEAD_SCHEMA_VERSION,
    version: blog.version,
    publishedAt: publishedAt.toISOString(),
    liveblog: { slug: blog.slug, title: blog.title, description: blog.description, status: blog.status },
    totalEntries: blog.totalEntries,
    entries: [...blog.newestEntries]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, HEAD_ENTRY_COUNT)
      .map((entry) => ({
        id: entry.id,
        seq: entry.seq,
        body: entry.body,
        author: { name: entry.authorName },
        createdAt: entry.createdAt.toISOString(),
        updatedAt: entry.updatedAt.toISOString(),
      })),
  };
  return JSON.stringify(head);
}
