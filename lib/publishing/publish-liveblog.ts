// Publishes a live blog's newest state. Serialised per blog with an advisory lock, so versions never go backwards.
import type { Db } from "../db";
import type { Publisher } from "../../publishers/types";
import { renderLiveBlogHead, HEAD_ENTRY_COUNT } from "../render/render-liveblog-head";
import { cacheControlForKey, contentTypeForKey } from "./object-policy";

export type TPublishOutcome =
  | { status: "published"; version: number; keys: string[]; bytes: number }
  | { status: "already-published"; version: number }
  | { status: "missing" };

export function liveBlogHeadKey(slug: string): string {
  return `liveblogs/${slug}/latest.json`;
}

export async function publishLiveBlog(database: Db, options: { liveBlogId: string; publisher: Publisher; now?: () => Date }): Promise<TPublishOutcome> {
  const now = options.now ?? (() => new Date());
  return database.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`liveblog:${options.liveBlogId}`}, 0))`;
      const blog = await tx.liveBlog.findUnique({
        where: { id: options.liveBlogId },
        include: {
          entries: { orderBy: { seq: "desc" }, take: HEAD_ENTRY_COUNT, include: { author: { select: { name: true } } } },
          _count: { select: { entries: true } },
        },
      });
      if (!blog) return { status: "missing" } as const;
      // Coalescing: one publish of the newest state covers every save up to it.
      if (blog.publishedVersion !== null && blog.publishedVersion >= blog.version) {
        return { status: "already-published", version: blog.publishedVersion } as const;
      }
      const publishedAt = now();
      const key = liveBlogHeadKey(blog.slug);
      const body = renderLiveBlogHead(
        {
          slug: blog.slug,
          title: blog.title,
          description: blog.description,
          status: blog.status,
          version: blog.version,
          totalEntries: blog._count.entries,
          newestEntries: blog.entries.map((entry) => ({ ...entry, authorName: entry.author.name })),
        },
        publishedAt,
      );
      await options.publisher.put({ key, body, contentType: contentTypeForKey(key), cacheControl: cacheControlForKey(key) });
      await tx.liveBlog.update({ where: { id: blog.id }, data: { publishedVersion: blog.version, publishedAt } });
      await tx.publishJob.updateMany({
        where: { documentType: "liveblog", documentId: blog.id, version: { lte: blog.version }, status: { in: ["pending", "running"] } },
        data: { status: "done", finishedAt: publishedAt, lockedAt: null },
      });
      return { status: "published", version: blog.version, keys: [key], bytes: Buffer.byteLength(body) } as const;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
