// The live blog as a published document kind: a consistent snapshot (blog, head entries, pinned, key events, sealed
// pages), rendered by lib/render, its archive-page bookkeeping recorded after upload, rollback (which never restores a
// deleted entry), and withdrawal while it is a draft.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { defineDocument } from "../publishing/define-document";
import { readQuestionsForHead } from "../questions/read-questions-for-head";
import { bumpLiveBlogVersion } from "./post-entry";
import { PAGE_SIZE, sealedPageCount, seqRangeOfPage } from "../render/render-archive-page";
import { HEAD_MIN_ENTRIES, MAX_KEY_EVENTS } from "../render/render-liveblog-head";
import {
  entryIdsOfHead,
  renderLiveBlogPublication,
  renderLiveBlogRollback,
  withdrawLiveBlog,
  type TLiveBlogSnapshot,
  type TRenderedPageRecord,
  type TStoredEntry,
} from "../render/render-liveblog-publication";

/** The same row as JSON built by Postgres: timestamps arrive as strings. */
type TEntryJson = Omit<TStoredEntry, "createdAt" | "updatedAt" | "editedAt"> & { createdAt: string; updatedAt: string; editedAt: string | null };

const ENTRY_JSON = Prisma.sql`json_build_object('id', e.id, 'seq', e.seq, 'kind', e.kind, 'body', e.body, 'version', e.version, 'authorName', u.name,
  'createdAt', e.created_at, 'updatedAt', e.updated_at, 'editedAt', e.edited_at)`;

function fromJson(entry: TEntryJson): TStoredEntry {
  return { ...entry, createdAt: new Date(entry.createdAt), updatedAt: new Date(entry.updatedAt), editedAt: entry.editedAt === null ? null : new Date(entry.editedAt) };
}

type TBlogRow = TLiveBlogSnapshot["blog"] & { version: number; nextEntrySeq: number; pinnedEntryId: string | null };
type TPageRow = { pageNo: number; contentVersion: number; publishedContentVersion: number; key: string | null; entryCount: number };
type THeadRows = { totalEntries: number; headEntries: TEntryJson[]; pinned: TEntryJson | null; keyEvents: { id: string; seq: number; body: string; createdAt: string }[]; pages: TPageRow[] };

/** For a rollback: which of the restored head's entries still exist (as they are today), and how many entries up to
 * its newest exist. */
async function readRollbackFacts(tx: Prisma.TransactionClient, liveBlogId: string, storedHead: string): Promise<TLiveBlogSnapshot["rollback"]> {
  const { ids, newestSeq } = entryIdsOfHead(storedHead);
  const [row] = await tx.$queryRaw<{ currentEntries: TEntryJson[]; totalEntries: number }[]>`
    SELECT
      (SELECT coalesce(json_agg(${ENTRY_JSON} ORDER BY e.seq DESC), '[]'::json) FROM entries e JOIN users u ON u.id = e.author_id
       WHERE e.live_blog_id = ${liveBlogId}::uuid AND e.id = ANY(${ids}::uuid[])) AS "currentEntries",
      (SELECT count(*)::int FROM entries WHERE live_blog_id = ${liveBlogId}::uuid AND seq <= ${newestSeq}) AS "totalEntries"`;
  // Today's rows of the entries it shows: a rollback renders them from their current body (never an edit's old text).
  const currentEntries = (row?.currentEntries ?? []).map(fromJson);
  return { existingEntryIds: currentEntries.map((entry) => entry.id), totalEntries: row?.totalEntries ?? 0, currentEntries };
}

async function readSnapshot(tx: Prisma.TransactionClient, liveBlogId: string, full: boolean, rollbackOf?: string): Promise<TLiveBlogSnapshot | null> {
  const [blog] = await tx.$queryRaw<TBlogRow[]>`
    SELECT b.id::text AS id, b.slug, b.title, b.description, b.status::text AS status, b.version, b.next_entry_seq AS "nextEntrySeq",
      b.coverage_started_at AS "coverageStartedAt", b.coverage_ended_at AS "coverageEndedAt", b.pinned_entry_id::text AS "pinnedEntryId"
    FROM live_blogs b WHERE b.id = ${liveBlogId}::uuid`;
  if (!blog) return null;
  const highestSeq = blog.nextEntrySeq - 1;
  const sealedPages = sealedPageCount(highestSeq);
  const openFromSeq = sealedPages * PAGE_SIZE + 1;
  // What one head needs, in a single statement.
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
  const changed = rows.pages.filter((row) => full || row.key === null || row.contentVersion > row.publishedContentVersion);
  const changedPages: TLiveBlogSnapshot["changedPages"] = [];
  for (const row of changed) {
    const { firstSeq, lastSeq } = seqRangeOfPage(row.pageNo);
    const entries = await tx.$queryRaw<TStoredEntry[]>`
      SELECT e.id::text AS id, e.seq, e.kind::text AS kind, e.body, e.version, u.name AS "authorName", e.created_at AS "createdAt",
        e.updated_at AS "updatedAt", e.edited_at AS "editedAt"
      FROM entries e JOIN users u ON u.id = e.author_id
      WHERE e.live_blog_id = ${blog.id}::uuid AND e.seq BETWEEN ${firstSeq} AND ${lastSeq}`;
    changedPages.push({ pageNo: row.pageNo, contentVersion: row.contentVersion, entries, publishedKey: row.key });
  }
  const changedNumbers = new Set(changed.map((row) => row.pageNo));
  return {
    version: blog.version,
    blog: { id: blog.id, slug: blog.slug, title: blog.title, description: blog.description, status: blog.status, coverageStartedAt: blog.coverageStartedAt, coverageEndedAt: blog.coverageEndedAt },
    totalEntries: rows.totalEntries,
    headEntries: rows.headEntries.map(fromJson),
    pinned: rows.pinned ? fromJson(rows.pinned) : null,
    keyEvents: rows.keyEvents.map((event) => ({ ...event, createdAt: new Date(event.createdAt) })),
    changedPages,
    unchangedPages: rows.pages.filter((row) => !changedNumbers.has(row.pageNo) && row.key !== null).map((row) => ({ pageNo: row.pageNo, key: row.key!, entryCount: row.entryCount })),
    ...(rollbackOf === undefined ? {} : { rollback: await readRollbackFacts(tx, blog.id, rollbackOf) }),
    questions: await readQuestionsForHead(tx, blog),
  };
}

export const liveBlogDocument = defineDocument<TLiveBlogSnapshot>({
  kind: "liveblog",
  loadSnapshot: async (database: Db, liveBlogId, { full, rollbackOf }) => {
    // Two or three statements that must agree: one short read-only transaction, closed before anything is uploaded.
    return database.$transaction((tx) => readSnapshot(tx, liveBlogId, full, rollbackOf), { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead });
  },
  render: renderLiveBlogPublication,
  recordPublished: async (tx, { documentId, version, publishedAt, plan }) => {
    const pages = (plan.extra ?? []) as TRenderedPageRecord[];
    await tx.$executeRaw`
      WITH published AS (UPDATE live_blogs SET published_version = greatest(coalesce(published_version, 0), ${version}::int), published_at = ${publishedAt} WHERE id = ${documentId}::uuid)
      UPDATE live_blog_pages p SET key = r.key, published_content_version = greatest(p.published_content_version, r.content_version), entry_count = r.entry_count
      FROM jsonb_to_recordset(${JSON.stringify(pages.map((page) => ({ page_no: page.pageNo, content_version: page.contentVersion, key: page.key, entry_count: page.entryCount })))}::jsonb)
        AS r(page_no int, content_version int, key text, entry_count int)
      WHERE p.live_blog_id = ${documentId}::uuid AND p.page_no = r.page_no`;
  },
  renderRollback: renderLiveBlogRollback,
  withdraw: withdrawLiveBlog,
  recordWithdrawn: async (tx, { documentId, version, publishedAt }) => {
    // Its pages are no longer out: going live again uploads every one of them.
    await tx.$executeRaw`
      WITH published AS (UPDATE live_blogs SET published_version = greatest(coalesce(published_version, 0), ${version}::int), published_at = ${publishedAt} WHERE id = ${documentId}::uuid)
      UPDATE live_blog_pages SET key = NULL, published_content_version = 0 WHERE live_blog_id = ${documentId}::uuid AND key IS NOT NULL`;
  },
  bumpVersion: async (tx, liveBlogId) => {
    try {
      return (await bumpLiveBlogVersion(tx, liveBlogId, { newEntry: false })).version;
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") return null;
      throw error;
    }
  },
});
