// Adds an entry: bumps the blog's version and sequence, writes entry + audit + publish job in one transaction.
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { pageOfSeq } from "../render/render-archive-page";
import { cleanEntryBody } from "./clean-entry-body";
import { ZPostEntrySchema } from "./schemas";

const BLOG_GONE = "This live blog no longer exists.";

// The save path runs these three statements for every post, as raw SQL: it skips the query compiler's per-call cost.

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

/** Inside a transaction (the write queue's apply step, approving a draft, or postEntry below). */
export async function insertEntry(tx: Prisma.TransactionClient, options: { actorId: string; entryId?: string; input: unknown }) {
  const input = ZPostEntrySchema.parse(options.input);
  const body = cleanEntryBody(input.body);
  // The increment takes the blog's row lock, so concurrent posts get distinct sequence numbers and versions.
  const blog = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: true });
  const [entry] = await tx.$queryRaw<TInsertedEntry[]>`
    INSERT INTO entries (id, live_blog_id, seq, body, kind, author_id, created_at, updated_at)
    VALUES (${options.entryId ?? randomUUID()}::uuid, ${blog.id}::uuid, ${blog.nextEntrySeq - 1}, ${body}, ${input.kind}::"EntryKind", ${options.actorId}::uuid, now(), now())
    RETURNING id::text AS id, live_blog_id::text AS "liveBlogId", seq, body, kind::text AS kind, author_id::text AS "authorId", version, created_at AS "createdAt", updated_at AS "updatedAt"`;
  if (!entry) throw new Error("INSERT INTO entries returned no row");
  await markPageChanged(tx, blog.id, entry.seq, 1);
  await recordAudit(tx, { actorId: options.actorId, action: "entry.create", subjectType: "entry", subjectId: entry.id, details: { liveBlogId: blog.id, seq: entry.seq } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
  return { entry, version: blog.version };
}

export async function postEntry(database: Db, options: { actorId: string; entryId?: string; input: unknown }) {
  ZPostEntrySchema.parse(options.input);
  return database.$transaction((tx) => insertEntry(tx, options));
}
