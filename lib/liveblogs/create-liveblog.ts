// Creates a live blog (a private draft unless asked otherwise) and queues its first publish, in one transaction.
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { isUniqueViolation } from "../db/is-unique-violation";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { ZCreateLiveBlogSchema } from "./schemas";

const SLUG_TAKEN = "This slug is already used by another live blog.";

/** Inside a transaction (the write queue's apply step, or createLiveBlog below). */
export async function insertLiveBlog(tx: Prisma.TransactionClient, options: { actorId: string; id?: string; input: unknown }) {
  const input = ZCreateLiveBlogSchema.parse(options.input);
  if (await tx.liveBlog.findUnique({ where: { slug: input.slug }, select: { id: true } })) {
    throw new AppError("conflict", SLUG_TAKEN, { slug: SLUG_TAKEN });
  }
  // New blogs start as private drafts; coverage starts when one goes live (created live, it starts now).
  const blog = await tx.liveBlog.create({ data: { ...input, id: options.id, createdById: options.actorId, coverageStartedAt: input.status === "draft" ? null : new Date() } });
  await recordAudit(tx, { actorId: options.actorId, action: "liveblog.create", subjectType: "liveblog", subjectId: blog.id, details: { slug: blog.slug, title: blog.title, status: blog.status } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
  return blog;
}

export async function createLiveBlog(database: Db, options: { actorId: string; id?: string; input: unknown }) {
  ZCreateLiveBlogSchema.parse(options.input);
  try {
    return await database.$transaction((tx) => insertLiveBlog(tx, options));
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", SLUG_TAKEN, { slug: SLUG_TAKEN });
    }
    throw error;
  }
}
