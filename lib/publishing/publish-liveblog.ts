// Publishes a live blog's newest state: changed archive pages first, the head last (atomic for readers).
// One publisher per blog at a time (a transaction-scoped advisory lock), so versions never go backwards.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Publisher } from "../../publishers/types";
import { renderEntryVersionHtml } from "../content/render-entry-version-html";
import { readEnv } from "../env";
import { buildLiveBlogHead, HEAD_MIN_ENTRIES, MAX_KEY_EVENTS, type TRenderableLiveBlog } from "../render/render-liveblog-head";
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

type TEntryRow = {
  id: string;
  seq: number;
  kind: TRenderableEntry["kind"];
  body: string;
  version: number;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
  editedAt: Date | null;
};
/** The same row as JSON built by Postgres: timestamps arrive as strings. */
type TEntryJson = Omit<TEntryRow, "createdAt" | "updatedAt" | "editedAt"> & { createdAt: string; updatedAt: string; editedAt: string | null };

const ENTRY_JSON = Prisma.sql`json_build_object('id', e.id, 'seq', e.seq, 'kind', e.kind, 'body', e.body, 'version', e.version, 'authorName', u.name,
  'createdAt', e.created_at, 'updatedAt', e.updated_at, 'editedAt', e.edited_at)`;

function fromJson(entry: TEntryJson): TEntryRow {
  return { ...entry, createdAt: new Date(entry.createdAt), updatedAt: new Date(entry.updatedAt), editedAt: entry.editedAt === null ? null : new Date(entry.editedAt) };
}

function toRenderable(entry: TEntryRow, mediaBaseUrl: string): TRenderableEntry {
  return {
    id: entry.id,
    seq: entry.seq,
    kind: entry.kind,
    html: renderEntryVersionHtml(`entry:${entry.id}:${entry.version}`, entry.body, { mediaBaseUrl }),
    authorName: entry.authorName,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    editedAt: entry.editedAt,
  };
}

type TBlogRow = {
  id: string;
  slug: string;
  title: string;
  description: string;
  status: TRenderableLiveBlog["status"];
  version: number;
  publishedVersion: number | null;
  nextEntrySeq: number;
  rolledBackToVersion: number | null;
  coverageStartedAt: Date | null;
  coverageEndedAt: Date | null;
  pinnedEntryId: string | null;
  force: boolean | null;
  oldestAt: Date | null;
};

type TPageRow = { pageNo: number; contentVersion: number; publishedContentVersion: number; key: string | null; entryCount: number };

/** What one head needs, read in a single statement (one snapshot, one round trip). */
type THeadRows = { totalEntries: number; headEntries: TEntryJson[]; pinned: TEntryJson | null; keyEvents: { id: string; seq: number; body: string; createdAt: string }[]; pages: TPageRow[] };

function finishJobsSql(liveBlogId: string, upToVersion: number | null, finishedAt: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE publish_jobs SET status = 'done'::"PublishJobStatus", finished_at = ${finishedAt}
    WHERE document_type = 'liveblog' AND document_id = ${liveBlogId} AND status = 'pending'::"PublishJobStatus"
      AND (${upToVersion}::int IS NULL OR version <= ${upToVersion}::int)`;
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
      // The blog, plus one look at its pending jobs: whether any asks for a full republish, and when the oldest was saved.
      const [blog] = await tx.$queryRaw<TBlogRow[]>`
        SELECT b.id::text AS id, b.slug, b.title, b.description, b.status::text AS status, b.version, b.published_version AS "publishedVersion",
          b.next_entry_seq AS "nextEntrySeq", b.rolled_back_to_version AS "rolledBackToVersion", b.coverage_started_at AS "coverageStartedAt",
          b.coverage_ended_at AS "coverageEndedAt", b.pinned_entry_id::text AS "pinnedEntryId", jobs.force, jobs."oldestAt"
        FROM live_blogs b
        LEFT JOIN LATERAL (
          SELECT bool_or(force) AS force, min(created_at) AS "oldestAt" FROM publish_jobs
          WHERE document_type = 'liveblog' AND document_id = ${options.liveBlogId} AND status = 'pending'::"PublishJobStatus" AND version <= b.version
        ) jobs ON true
        WHERE b.id = ${options.liveBlogId}::uuid`;
      if (!blog) {
        await tx.$executeRaw`${finishJobsSql(options.liveBlogId, null, now())}`;
        return { status: "missing" } as const;
      }
      const force = options.force ?? Boolean(blog.force);
      if (blog.rolledBackToVersion !== null) {
        await tx.$executeRaw`${finishJobsSql(blog.id, blog.version, now())}`;
        return { status: "paused", rolledBackToVersion: blog.rolledBackToVersion } as const;
      }
      // Coalescing: one publish of the newest state covers every save up to it; older versions are never re-sent.
      if (!force && blog.publishedVersion !== null && blog.publishedVersion >= blog.version) {
        await tx.$executeRaw`${finishJobsSql(blog.id, blog.version, now())}`;
        return { status: "already-published", version: blog.publishedVersion } as const;
      }

      const highestSeq = blog.nextEntrySeq - 1;
      const sealedPages = sealedPageCount(highestSeq);
      const openFromSeq = sealedPages * PAGE_SIZE + 1;
      // Entries committed after we read the blog belong to a later version and its own publish, hence seq <= highestSeq.
      const [rows] = await tx.$queryRaw<THeadRows[]>`
        SELECT
          (SELECT count(*)::int FROM entries WHERE live_blog_id = ${blog.id}::uuid AND seq <= ${highestSeq}) AS "totalEntries",
          (SELECT coalesce(json_agg(${ENTRY_JSON} ORDER BY e.seq DESC), '[]'::json)
           FROM (
             SELECT * FROM entries WHERE live_blog_id = ${blog.id}::uuid AND seq BETWEEN ${openFromSeq} AND ${highestSeq}
             UNION ALL
             (SELECT * FROM entries WHERE live_blog_id = ${blog.id}::uuid AND seq < ${openFromSeq} ORDER BY seq DESC
              LIMIT greatest(0, ${HEAD_MIN_ENTRIES}::int - (SELECT count(*)::int FROM entries WHERE live_blog_id = ${blog.id}::uuid AND seq BETWEEN ${openFromSeq} AND ${highestSeq})))
           ) e JOIN users u ON u.id = e.author_id) AS "headEntries",
          (SELECT ${ENTRY_JSON} FROM entries e JOIN users u ON u.id = e.author_id
           WHERE e.id = ${blog.pinnedEntryId}::uuid AND e.live_blog_id = ${blog.id}::uuid AND e.seq <= ${highestSeq}) AS pinned,
          (SELECT coalesce(json_agg(json_build_object('id', e.id, 'seq', e.seq, 'body', e.body, 'createdAt', e.created_at) ORDER BY e.seq DESC), '[]'::json)
           FROM (SELECT * FROM entries WHERE live_blog_id = ${blog.id}::uuid AND seq <= ${highestSeq} AND kind = 'key_event'::"EntryKind" ORDER BY seq DESC LIMIT ${MAX_KEY_EVENTS}::int) e) AS "keyEvents",
          (SELECT coalesce(json_agg(json_build_object('pageNo', page_no, 'contentVersion', content_version, 'publishedContentVersion', published_content_version,
             'key', key, 'entryCount', entry_count) ORDER BY page_no), '[]'::json)
           FROM live_blog_pages WHERE live_blog_id = ${blog.id}::uuid AND page_no <= ${sealedPages}) AS pages`;
      if (!rows) throw new Error("the head query returned no row");
      const pageRows = rows.pages;
      const changedPages = pageRows.filter((row) => force || row.key === null || row.contentVersion > row.publishedContentVersion);

      const uploadedKeys: string[] = [];
      let bytes = 0;
      const pageRefs = new Map<number, TArchivePageRef>();
      for (const row of changedPages) {
        const { firstSeq, lastSeq } = seqRangeOfPage(row.pageNo);
        const entries = await tx.$queryRaw<TEntryRow[]>`
          SELECT e.id::text AS id, e.seq, e.kind::text AS kind, e.body, e.version, u.name AS "authorName", e.created_at AS "createdAt",
            e.updated_at AS "updatedAt", e.edited_at AS "editedAt"
          FROM entries e JOIN users u ON u.id = e.author_id
          WHERE e.live_blog_id = ${blog.id}::uuid AND e.seq BETWEEN ${firstSeq} AND ${lastSeq}`;
        const rendered = renderArchivePage({ slug: blog.slug, page: row.pageNo, contentVersion: row.contentVersion, entries: entries.map((entry) => toRenderable(entry, publicBaseUrl)) });
        const key = liveBlogObjectKey(blog.slug, rendered.ref.path);
        bytes += await putObject(options.publisher, key, rendered.body);
        uploadedKeys.push(key);
        pageRefs.set(row.pageNo, rendered.ref);
        await tx.$executeRaw`
          UPDATE live_blog_pages SET key = ${key}, published_content_version = ${row.contentVersion}, entry_count = ${rendered.ref.count}
          WHERE live_blog_id = ${blog.id}::uuid AND page_no = ${row.pageNo}`;
      }
      for (const row of pageRows) {
        if (pageRefs.has(row.pageNo) || !row.key) continue;
        const { firstSeq, lastSeq } = seqRangeOfPage(row.pageNo);
        pageRefs.set(row.pageNo, { page: row.pageNo, path: row.key.slice(`liveblogs/${blog.slug}/`.length), firstSeq, lastSeq, count: row.entryCount });
      }

      const publishedAt = now();
      const headKey = liveBlogHeadKey(blog.slug);
      const pinned = rows.pinned ? fromJson(rows.pinned) : null;
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
          totalEntries: rows.totalEntries,
          headEntries: rows.headEntries.map((entry) => toRenderable(fromJson(entry), publicBaseUrl)),
          pinned: pinned ? toRenderable(pinned, publicBaseUrl) : null,
          keyEvents: rows.keyEvents.map((event) => ({ id: event.id, seq: event.seq, title: keyEventTitle(event.body), createdAt: new Date(event.createdAt) })),
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
      const latencyMs = blog.oldestAt ? Math.max(0, visibleAt.getTime() - new Date(blog.oldestAt).getTime()) : 0;

      // The bookkeeping in one statement: the blog's published version, its finished jobs, and the publish log row.
      await tx.$executeRaw`
        WITH published AS (
          UPDATE live_blogs SET published_version = ${blog.version}, published_at = ${publishedAt}, updated_at = now() WHERE id = ${blog.id}::uuid),
        finished AS (${finishJobsSql(blog.id, blog.version, now())})
        INSERT INTO publish_log (document_type, document_id, version, kind, keys, bytes, content_hash, latency_ms, head_gzip)
        VALUES ('liveblog', ${blog.id}, ${blog.version}, ${force ? "republish" : "publish"}::"PublishKind", ${uploadedKeys}::text[], ${bytes},
          ${createHash("sha256").update(headBody).digest("hex")}, ${latencyMs}, ${gzipSync(headBody)})`;
      return { status: "published", version: blog.version, keys: uploadedKeys, bytes, latencyMs } as const;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
