// Pure renderer for `liveblogs/<slug>/latest.json`: the same input always yields byte-identical output.
import { toPublishedEntry, type TRenderableEntry } from "./published-entry";
import { HEAD_SCHEMA_VERSION, type TArchivePageRef, type TLiveBlogHead } from "./schemas";

/** Readers always get at least this many recent entries from the head alone. */
export const HEAD_MIN_ENTRIES = 20;

export type TRenderableLiveBlog = {
  id: string;
  slug: string;
  title: string;
  description: string;
  status: TLiveBlogHead["liveblog"]["status"];
  version: number;
  totalEntries: number;
  /** Entries newer than the last archive page, plus enough older ones to reach HEAD_MIN_ENTRIES. */
  headEntries: readonly TRenderableEntry[];
  pages: readonly TArchivePageRef[];
};

export function renderLiveBlogHead(blog: TRenderableLiveBlog, publishedAt: Date): string {
  const head: TLiveBlogHead = {
    schema: HEAD_SCHEMA_VERSION,
    version: blog.version,
    publishedAt: publishedAt.toISOString(),
    liveblog: { id: blog.id, slug: blog.slug, title: blog.title, description: blog.description, status: blog.status },
    totalEntries: blog.totalEntries,
    entries: [...blog.headEntries].sort((a, b) => b.seq - a.seq).map(toPublishedEntry),
    pages: [...blog.pages].sort((a, b) => b.page - a.page),
  };
  return JSON.stringify(head);
}
