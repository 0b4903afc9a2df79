// Creates a live blog and queues its first publish (an empty head), all in one transaction.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { ZCreateLiveBlogSchema } from "./schemas";

const SLUG_TAKEN = "This slug is already used by another live blog.";

export async function createLiveBlog(database: Db, options: { actorId: string; input: unknown }) {
  const input = ZCreateLiveBlogSchema.parse(options.input);
  try {
    return await database.$transaction(async (tx) => {
      const blog = await tx.liveBlog.create({ data: { ...input, createdById: options.actorId } });
      await recordAudit(tx, { actorId: options.actorId, action: "liveblog.create", subjectType: "liveblog", subjectId: blog.id, details: { slug: blog.slug, title: blog.title } });
      await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
      return blog;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", SLUG_TAKEN, { slug: SLUG_TAKEN });
    }
    throw error;
  }
}
