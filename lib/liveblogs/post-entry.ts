// Adds an entry: bumps the blog's version and sequence, writes entry + audit + publish job in one transaction.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { pageOfSeq } from "../render/render-archive-page";
import { ZPostEntrySchema } from "./schemas";

const BLOG_GONE = "This live blog no longer exists.";

/** Takes the blog's row lock and returns its new version; throws not_found when the blog is gone. */
export async function bumpLiveBlogVersion(tx: Prisma.TransactionClient, liveBlogId: string, options: { newEntry: boolean }) {
  try {
    return await tx.liveBlog.update({
      where: { id: liveBlogId },
      data: { version: { increment: 1 }, ...(options.newEntry ? { nextEntrySeq: { increment: 1 } } : {}) },
      select: { id: true, version: true, nextEntrySeq: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") {
      throw new AppError("not_found", BLOG_GONE, { liveBlogId: BLOG_GONE });
    }
    throw error;
  }
}

/** Marks an archive page as changed, so the publisher re-renders it once it is sealed. */
export async function markPageChanged(tx: Prisma.TransactionClient, liveBlogId: string, seq: number, entryDelta: number) {
  await tx.liveBlogPage.upsert({
    where: { liveBlogId_pageNo: { liveBlogId, pageNo: pageOfSeq(seq) } },
    create: { liveBlogId, pageNo: pageOfSeq(seq), entryCount: Math.max(0, entryDelta) },
    update: { contentVersion: { increment: 1 }, entryCount: { increment: entryDelta } },
  });
}

/** Inside a transaction (the write queue's apply step, or postEntry below). */
export async function insertEntry(tx: Prisma.TransactionClient, options: { actorId: string; entryId?: string; input: unknown }) {
  const input = ZPostEntrySchema.parse(options.input);
  // The increment takes the blog's row lock, so concurrent posts get distinct sequence numbers and versions.
  const blog = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: true });
  const entry = await tx.entry.create({
    data: { id: options.entryId, liveBlogId: blog.id, seq: blog.nextEntrySeq - 1, body: input.body, authorId: options.actorId },
  });
  await markPageChanged(tx, blog.id, entry.seq, 1);
  await recordAudit(tx, { actorId: options.actorId, action: "entry.create", subjectType: "entry", subjectId: entry.id, details: { liveBlogId: blog.id, seq: entry.seq } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
  return { entry, version: blog.version };
}

export async function postEntry(database: Db, options: { actorId: string; entryId?: string; input: unknown }) {
  ZPostEntrySchema.parse(options.input);
  return database.$transaction((tx) => insertEntry(tx, options));
}
