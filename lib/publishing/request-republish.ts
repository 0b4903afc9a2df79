// The admin's "republish": re-uploads every archive page and the head of the current version.
import type { Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { enqueuePublish } from "./enqueue-publish";

export async function requestRepublish(database: Db, options: { actorId: string; liveBlogId: string }) {
  return database.$transaction(async (tx) => {
    const blog = await tx.liveBlog.findUniqueOrThrow({ where: { id: options.liveBlogId }, select: { id: true, version: true } });
    await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version, force: true });
    await recordAudit(tx, { actorId: options.actorId, action: "liveblog.republish", subjectType: "liveblog", subjectId: blog.id, details: { version: blog.version } });
    return blog;
  });
}
