// Publishes a live blog's newest state: changed archive pages first, the head last (atomic for readers).
// One publisher per blog at a time (a transaction-scoped advisory lock), so versions never go backwards.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Publisher } from "../../publishers/types";
import { renderEntryVersionHtml } from "../content/render-entry-version-html";
import { readEnv } from "../env";
import { buildLiveBlogHead, HEAD_MIN_ENTRIES, MAX_KEY_EVENTS } from "../render/render-liveblog-head";
import { htmlToPlainText, renderLiveBlogPage } from "../render/render-liveblog-page";
import { PAGE_SIZE, renderArchivePage, sealedPageCount, seqRangeOfPage } from "../render/render-archive-page";
import type { TRenderableEntry } from "../render/published-entry";
import type { TArchivePageRef } from "../render/schemas";
import { putObject } from "./put-object";
import { ensureWidgetPublished } from "./publish-widget";

export type TPublishOutcome =
  | { status: "published"; version: number; keys: string[]; bytes: number; latencyMs: number }
  | { status: "already-published"; version: number }
  | { status: "paused"; rolledBackToVersion: number }
  | { status: "busy" }
  | { status: "missing" };

export function liveBlogHeadKey(slug: string): string {
  return `liveblogs/${slug}/latest.json`;
}

export function liveBlogObjectKey(slug: string, relativePath: string): string {
  return `liveblogs/${slug}/${relativePath}`;
}

export function liveBlogPageKey(slug: string): string {
  return `liveblogs/${slug}/index.html`;
}

const entryWithAuthor = { author: { select: { name: true } } } as const;
type TEntryRow = Prisma.EntryGetPayload<{ include: typeof entryWithAuthor }>;

function toRenderable(entry: TEntryRow, mediaBaseUrl: string): TRenderableEntry {
  return {
    id: entry.id,
    seq: entry.seq,
    kind: entry.kind,
    html: renderEntryVersionHtml(`entry:${entry.id}:${entry.version}`, entry.body, { mediaBaseUrl }),
    authorName: entry.author.name,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    editedAt: entry.editedAt,
  };
}

const KEY_EVENT_TITLE_LENGTH = 120;

// Stored HTML is sanitised already, so the fast text extraction is enough here (up to 100 titles per publish).
function keyEventTitle(html: string): string {
  const text = htmlToPlainText(html);
  return text.length > KEY_EVENT_TITLE_LENGTH ? `${text.slice(0, KEY_EVENT_TITLE_LENGTH - 1)}…` : text;
}

/** Takes the blog's publish lock for this transaction; false when another worker holds it. */
export async function tryLockLiveBlog(tx: Prisma.TransactionClient, liveBlogId: string, wait: boolean): Promise<boolean> {
  const lockKey = `liveblog:${liveBlogId}`;
  if (wait) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
    return true;
  }
  const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${lockKey}, 0)) AS locked`;
  return Boolean(row?.locked);
}

export async function publishLiveBlog(
  database: Db,
  options: { liveBlogId: string; publisher: Publisher; force?: boolean; waitForLock?: boolean; now?: () => Date },
): Promise<TPublishOutcome> {
  const now = options.now ?? (() => new Date());
  const { publicBaseUrl } = readEnv();
  // The widget goes out (once per process) before any page that loads it.
  const widget = await ensureWidgetPublished(options.publisher);
  return database.$transaction(
    async (tx) => {
      if (!(await tryLockLiveBlog(tx, options.liveBlogId, options.waitForLock ?? true))) return { status: "busy" } as const;
      const blog = await tx.liveBlog.findUnique({ where: { id: options.liveBlogId } });
      const pendingJobs = { documentType: "liveblog", documentId: options.liveBlogId, status: "pending" } as const;
      if (!blog) {
        await tx.publishJob.updateMany({ where: pendingJobs, data: { status: "done", finishedAt: now() } });
        return { status: "missing" } as const;
      }
      // One look at the pending jobs: whether any asks for a full republish, and when the oldest was saved.
      const [pending] = await tx.$queryRaw<{ force: boolean | null; oldestAt: Date | null }[]>`
        SELECT bool_or(force) AS force, min(created_at) AS "oldestAt" FROM publish_jobs
        WHERE document_type = 'liveblog' AND document_id = ${options.liveBlogId} AND status = 'pending' AND version <= ${blog.version}`;
      const force = options.force ?? Boolean(pending?.force);
      const finishJobs = () => tx.publishJob.updateMany({ where: { ...pendingJobs, version: { lte: blog.version } }, data: { status: "done", finishedAt: now() } });
      if (blog.rolledBackToVersion !== null) {
        await finishJobs();
        return { status: "paused", rolledBackToVersion: blog.rolledBackToVersion } as const;
      }
      // Coalescing: one publish of the newest state covers every save up to it; older versions are never re-sent.
      if (!force && blog.publishedVersion !== null && blog.publishedVersion >= blog.version) {
        await finishJobs();
        return { status: "already-published", version: blog.publishedVersion } as const;
      }

      const highestSeq = blog.nextEntrySeq - 1;
      const sealedPages = sealedPageCount(highestSeq);
      const pageRows = await tx.liveBlogPage.findMany({ where: { liveBlogId: blog.id, pageNo: { lte: sealedPages } }, orderBy: { pageNo: "asc" } });
      const changedPages = pageRows.filter((row) => force || row.key === null || row.contentVersion > row.publishedContentVersion);

      const uploadedKeys: string[] = [];
      let bytes = 0;
      const pageRefs = new Map<number, TArchivePageRef>();
      for (const row of changedPages) {
        const { firstSeq, lastSeq } = seqRangeOfPage(row.pageNo);
        const entries = await tx.entry.findMany({ where: { liveBlogId: blog.id, seq: { gte: firstSeq, lte: lastSeq } }, include: entryWithAuthor });
        const rendered = renderArchivePage({ slug: blog.slug, page: row.pageNo, contentVersion: row.contentVersion, entries: entries.map((entry) => toRenderable(entry, publicBaseUrl)) });
        const key = liveBlogObjectKey(blog.slug, rendered.ref.path);
        bytes += await putObject(options.publisher, key, rendered.body);
        uploadedKeys.push(key);
        pageRefs.set(row.pageNo, rendered.ref);
        await tx.liveBlogPage.update({
          where: { liveBlogId_pageNo: { liveBlogId: blog.id, pageNo: row.pageNo } },
          data: { key, publishedContentVersion: row.contentVersion, entryCount: rendered.ref.count },
        });
      }
      for (const row of pageRows) {
        if (pageRefs.has(row.pageNo) || !row.key) continue;
        const { firstSeq, lastSeq } = seqRangeOfPage(row.pageNo);
        pageRefs.set(row.pageNo, { page: row.pageNo, path: row.key.slice(`liveblogs/${blog.slug}/`.length), firstSeq, lastSeq, count: row.entryCount });
      }

      const openFromSeq = sealedPages * PAGE_SIZE + 1;
      // Entries committed after we read the blog belong to a later version and its own publish.
      const inThisVersion = { liveBlogId: blog.id, seq: { lte: highestSeq } };
      const [openEntries, totalEntries, pinned, keyEvents] = await Promise.all([
        tx.entry.findMany({ where: { liveBlogId: blog.id, seq: { gte: openFromSeq, lte: highestSeq } }, include: entryWithAuthor }),
        tx.entry.count({ where: inThisVersion }),
        blog.pinnedEntryId ? tx.entry.findFirst({ where: { id: blog.pinnedEntryId, ...inThisVersion }, include: entryWithAuthor }) : null,
        tx.entry.findMany({ where: { ...inThisVersion, kind: "key_event" }, orderBy: { seq: "desc" }, take: MAX_KEY_EVENTS, select: { id: true, seq: true, body: true, createdAt: true } }),
      ]);
      const topUp = openEntries.length >= HEAD_MIN_ENTRIES
        ? []
        : await tx.entry.findMany({ where: { liveBlogId: blog.id, seq: { lt: openFromSeq } }, orderBy: { seq: "desc" }, take: HEAD_MIN_ENTRIES - openEntries.length, include: entryWithAuthor });

      const publishedAt = now();
      const headKey = liveBlogHeadKey(blog.slug);
      const head = buildLiveBlogHead(
        {
          id: blog.id,
          slug: blog.slug,
          title: blog.title,
          description: blog.description,
          status: blog.status,
          coverageStartedAt: blog.coverageStartedAt,
          coverageEndedAt: blog.coverageEndedAt,
          version: blog.version,
          totalEntries,
          headEntries: [...openEntries, ...topUp].map((entry) => toRenderable(entry, publicBaseUrl)),
          pinned: pinned ? toRenderable(pinned, publicBaseUrl) : null,
          keyEvents: keyEvents.map((event) => ({ id: event.id, seq: event.seq, title: keyEventTitle(event.body), createdAt: event.createdAt })),
          pages: [...pageRefs.values()],
        },
        publishedAt,
      );
      const headBody = JSON.stringify(head);
      bytes += await putObject(options.publisher, headKey, headBody);
      uploadedKeys.push(headKey);
      // The static page of the same version; it reads the head and the widget by relative URLs, so any CDN host works.
      const pageKey = liveBlogPageKey(blog.slug);
      const pageHtml = renderLiveBlogPage(head, { pageUrl: `${publicBaseUrl}/${pageKey}`, headUrl: "latest.json", widgetUrl: `../../${widget.key}` });
      bytes += await putObject(options.publisher, pageKey, pageHtml);
      uploadedKeys.push(pageKey);
      const visibleAt = now();
      const latencyMs = pending?.oldestAt ? Math.max(0, visibleAt.getTime() - new Date(pending.oldestAt).getTime()) : 0;

      await tx.liveBlog.update({ where: { id: blog.id }, data: { publishedVersion: blog.version, publishedAt } });
      await finishJobs();
      await tx.publishLog.create({
        data: {
          documentType: "liveblog",
          documentId: blog.id,
          version: blog.version,
          kind: force ? "republish" : "publish",
          keys: uploadedKeys,
          bytes,
          contentHash: createHash("sha256").update(headBody).digest("hex"),
          latencyMs,
          headGzip: new Uint8Array(gzipSync(headBody)),
        },
      });
      return { status: "published", version: blog.version, keys: uploadedKeys, bytes, latencyMs } as const;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
