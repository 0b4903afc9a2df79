// Pure renderer for `liveblogs/<slug>/latest.json`: the same input always yields byte-identical output.
import { toPublishedEntry, type TRenderableEntry } from "./published-entry";
import { HEAD_SCHEMA_VERSION, type TArchivePageRef, type TLiveBlogHead, type TLiveBlogQuestions } from "./schemas";

/** Readers always get at least this many recent entries from the head alone. */
export const HEAD_MIN_ENTRIES = 20;
/** The key-events summary lists at most this many, newest first. */
export const MAX_KEY_EVENTS = 100;

export type TRenderableKeyEvent = { id: string; seq: number; title: string; createdAt: Date };

export type TRenderableLiveBlog = {
  id: string;
  slug: string;
  title: string;
  description: string;
  status: TLiveBlogHead["liveblog"]["status"];
  coverageStartedAt: Date | null;
  coverageEndedAt: Date | null;
  version: number;
  totalEntries: number;
  /** Entries newer than the last archive page, plus enough older ones to reach HEAD_MIN_ENTRIES. */
  headEntries: readonly TRenderableEntry[];
  pinned: TRenderableEntry | null;
  keyEvents: readonly TRenderableKeyEvent[];
  pages: readonly TArchivePageRef[];
  /** Reader questions: settings and the approved or answered ones (plain text), when the blog has any. */
  questions?: TLiveBlogQuestions;
};

export function buildLiveBlogHead(blog: TRenderableLiveBlog, publishedAt: Date): TLiveBlogHead {
  return {
    schema: HEAD_SCHEMA_VERSION,
    version: blog.version,
    publishedAt: publishedAt.toISOString(),
    liveblog: {
      id: blog.id,
      slug: blog.slug,
      title: blog.title,
      description: blog.description,
      status: blog.status,
      coverageStartedAt: blog.coverageStartedAt?.toISOString() ?? null,
      coverageEndedAt: blog.coverageEndedAt?.toISOString() ?? null,
    },
    pinned: blog.pinned ? toPublishedEntry(blog.pinned) : null,
    keyEvents: [...blog.keyEvents]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, MAX_KEY_EVENTS)
      .map((event) => ({ id: event.id, seq: event.seq, title: event.title, createdAt: event.createdAt.toISOString() })),
    totalEntries: blog.totalEntries,
    entries: [...blog.headEntries].sort((a, b) => b.seq - a.seq).map(toPublishedEntry),
    pages: [...blog.pages].sort((a, b) => b.page - a.page),
    ...(blog.questions ? { questions: blog.questions } : {}),
  };
}

export function renderLiveBlogHead(blog: TRenderableLiveBlog, publishedAt: Date): string {
  return JSON.stringify(buildLiveBlogHead(blog, publishedAt));
}
