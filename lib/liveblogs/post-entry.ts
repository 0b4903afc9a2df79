// Adds an entry: bumps the blog's version and sequence, writes entry + page mark + audit + publish job in one statement.
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { auditInsertSql } from "../audit/record-audit";
import { publishJobInsertSql } from "../publishing/enqueue-publish";
import { pageOfSeq, PAGE_SIZE } from "../render/render-archive-page";
import { cleanEntryBody } from "./clean-entry-body";
import { ZPostEntrySchema } from "./schemas";

const BLOG_GONE = "This live blog no longer exists.";

// Edits, deletes and blog changes run these as raw SQL: it skips the query compiler's per-call cost.

/** Takes the blog's row lock and returns its new version; throws not_found when the blog is gone. */
export async function bumpLiveBlogVersion(tx: Prisma.TransactionClient, liveBlogId: string, options: { newEntry: boolean }) {
  const [blog] = await tx.$queryRaw<{ id: string; version: number; nextEntrySeq: number }[]>`
    UPDATE live_blogs
    SET version = version + 1, next_entry_seq = next_entry_seq + ${options.newEntry ? 1 : 0}, updated_at = now()
    WHERE id = ${liveBlogId}::uuid
    RETURNING id::text AS id, version, next_entry_seq AS "nextEntrySeq"`;
  if (!blog) throw new AppError("not_found", BLOG_GONE, { liveBlogId: BLOG_GONE });
  return blog;
}

/** Marks an archive page as changed, so the publisher re-renders it once it is sealed. */
export async function markPageChanged(tx: Prisma.TransactionClient, liveBlogId: string, seq: number, entryDelta: number) {
  await tx.$executeRaw`
    INSERT INTO live_blog_pages (live_blog_id, page_no, content_version, published_content_version, entry_count)
    VALUES (${liveBlogId}::uuid, ${pageOfSeq(seq)}, 1, 0, ${Math.max(0, entryDelta)})
    ON CONFLICT (live_blog_id, page_no) DO UPDATE
    SET content_version = live_blog_pages.content_version + 1, entry_count = live_blog_pages.entry_count + ${entryDelta}`;
}

export type TInsertedEntry = { id: string; liveBlogId: string; seq: number; body: string; kind: string; authorId: string; version: number; createdAt: Date; updatedAt: Date };

export type TEntryWrites = { entryId: string; liveBlogId: string; body: string; kind: string; actorId: string };

/** Every write of a new entry as CTEs of one statement (`blog`, `entry`, `page`, `audit`, `job`): a post costs one
 * round trip. `guard` is a SQL condition that gates them all (nothing is written when it is false). The audit and
 * publish-job rows come from those tables' own statements (record-audit.ts, enqueue-publish.ts). */
export function entryWritesSql(writes: TEntryWrites, guard: Prisma.Sql = Prisma.sql`TRUE`, tokenId: string | null = null): Prisma.Sql {
  return Prisma.sql`
    blog AS (
      UPDATE live_blogs SET version = version + 1, next_entry_seq = next_entry_seq + 1, updated_at = now()
      WHERE id = ${writes.liveBlogId}::uuid AND ${guard}
      RETURNING id, version, next_entry_seq - 1 AS seq),
    entry AS (
      INSERT INTO entries (id, live_blog_id, seq, body, kind, author_id, created_at, updated_at)
      SELECT ${writes.entryId}::uuid, blog.id, blog.seq, ${writes.body}, ${writes.kind}::"EntryKind", ${writes.actorId}::uuid, now(), now() FROM blog
      RETURNING id, live_blog_id, seq, body, kind, author_id, version, created_at, updated_at),
    page AS (
      INSERT INTO live_blog_pages (live_blog_id, page_no, content_version, published_content_version, entry_count)
      SELECT live_blog_id, (seq + ${PAGE_SIZE}::int - 1) / ${PAGE_SIZE}::int, 1, 0, 1 FROM entry
      ON CONFLICT (live_blog_id, page_no) DO UPDATE
      SET content_version = live_blog_pages.content_version + 1, entry_count = live_blog_pages.entry_count + 1),
    audit AS (${auditInsertSql(
      {
        actorId: Prisma.sql`${writes.actorId}::uuid`,
        action: "entry.create",
        subjectType: "entry",
        subjectId: Prisma.sql`entry.id::text`,
        details: Prisma.sql`jsonb_build_object('liveBlogId', entry.live_blog_id::text, 'seq', entry.seq)`,
        ...(tokenId ? { tokenId: Prisma.sql`${tokenId}::uuid` } : {}),
      },
      Prisma.sql`entry`,
    )}),
    job AS (${publishJobInsertSql({ documentKind: Prisma.sql`'liveblog'`, documentId: Prisma.sql`blog.id::text`, version: Prisma.sql`blog.version` }, Prisma.sql`blog`)})`;
}

/** Parses and cleans a new entry's input; throws the field errors an editor sees. */
export function prepareEntryWrites(options: { actorId: string; entryId?: string; input: unknown }): TEntryWrites {
  const input = ZPostEntrySchema.parse(options.input);
  return { entryId: options.entryId ?? randomUUID(), liveBlogId: input.liveBlogId, body: cleanEntryBody(input.body), kind: input.kind, actorId: options.actorId };
}

/** Inside a transaction (the write queue's apply step, approving a draft, or postEntry below). */
export async function insertEntry(tx: Prisma.TransactionClient, options: { actorId: string; entryId?: string; input: unknown }) {
  const writes = prepareEntryWrites(options);
  // The blog's row lock (taken by the version bump) gives concurrent posts distinct sequence numbers and versions.
  const [row] = await tx.$queryRaw<(TInsertedEntry & { blogVersion: number })[]>`
    WITH ${entryWritesSql(writes)}
    SELECT entry.id::text AS id, entry.live_blog_id::text AS "liveBlogId", entry.seq, entry.body, entry.kind::text AS kind,
      entry.author_id::text AS "authorId", entry.version, entry.created_at AS "createdAt", entry.updated_at AS "updatedAt", blog.version AS "blogVersion"
    FROM entry CROSS JOIN blog CROSS JOIN job`;
  if (!row) throw new AppError("not_found", BLOG_GONE, { liveBlogId: BLOG_GONE });
  const { blogVersion, ...entry } = row;
  return { entry, version: blogVersion };
}

export async function postEntry(database: Db, options: { actorId: string; entryId?: string; input: unknown }) {
  ZPostEntrySchema.parse(options.input);
  return database.$transaction((tx) => insertEntry(tx, options));
}
