// Adds an entry: bumps the blog's version and sequence, writes entry + audit + publish job in one transaction.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { pageOfSeq } from "../render/render-archive-page";
import { ZPostEntrySchema } from "./schemas";

export async function postEntry(database: Db, options: { actorId: string; input: unknown }) {
  const input = ZPostEntrySchema.parse(options.input);
  try {
    return await database.$transaction(async (tx) => {
      // The increment takes the blog's row lock, so concurrent posts get distinct sequence numbers and versions.
      const blog = await tx.liveBlog.update({
        where: { id: input.liveBlogId },
        data: { version: { increment: 1 }, nextEntrySeq: { increment: 1 } },
        select: { id: true, version: true, nextEntrySeq: true, status: true },
      });
      const entry = await tx.entry.create({
        data: { liveBlogId: blog.id, seq: blog.nextEntrySeq - 1, body: input.body, authorId: options.actorId },
      });
      // Marks the entry's archive page as changed, so the publisher re-renders it once it is sealed.
      await tx.liveBlogPage.upsert({
        where: { liveBlogId_pageNo: { liveBlogId: blog.id, pageNo: pageOfSeq(entry.seq) } },
        create: { liveBlogId: blog.id, pageNo: pageOfSeq(entry.seq), entryCount: 1 },
        update: { contentVersion: { increment: 1 }, entryCount: { increment: 1 } },
      });
      await recordAudit(tx, { actorId: options.actorId, action: "entry.create", subjectType: "entry", subjectId: entry.id, details: { liveBlogId: blog.id, seq: entry.seq } });
      await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
      return { entry, version: blog.version };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") {
      throw new AppError("not_found", "This live blog no longer exists.", { liveBlogId: "This live blog no longer exists." });
    }
    throw error;
  }
}
