// Rollback: re-points a live blog's head at the content of an earlier published version, in one action.
// The head keeps a rising version (readers never see it go backwards) and publishing pauses until resumed.
import { gunzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db";
import type { Publisher } from "../../publishers/types";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { ZLiveBlogHeadSchema } from "../render/schemas";
import { enqueuePublish } from "./enqueue-publish";
import { readEnv } from "../env";
import { renderLiveBlogPage } from "../render/render-liveblog-page";
import { liveBlogHeadKey, liveBlogPageKey, tryLockLiveBlog } from "./publish-liveblog";
import { ensureWidgetPublished } from "./publish-widget";
import { putObject } from "./put-object";

export const ZRollbackSchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  toVersion: z.coerce.number().int("Choose a published version.").positive("Choose a published version."),
});

export async function rollbackLiveBlog(database: Db, options: { actorId: string; input: unknown; publisher: Publisher }) {
  const { liveBlogId, toVersion } = ZRollbackSchema.parse(options.input);
  return database.$transaction(
    async (tx) => {
      await tryLockLiveBlog(tx, liveBlogId, true);
      const blog = await tx.liveBlog.findUnique({ where: { id: liveBlogId } });
      if (!blog) throw new AppError("not_found", "This live blog no longer exists.");
      const logged = await tx.publishLog.findFirst({
        where: { documentType: "liveblog", documentId: liveBlogId, version: toVersion, kind: { in: ["publish", "republish"] } },
        orderBy: { id: "desc" },
      });
      if (!logged) throw new AppError("not_found", `Version ${toVersion} was never published, so there is nothing to roll back to.`, { toVersion: "Not a published version." });

      const version = blog.version + 1;
      const publishedAt = new Date();
      const stored = ZLiveBlogHeadSchema.safeParse(JSON.parse(gunzipSync(logged.headGzip).toString("utf8")));
      if (!stored.success) throw new AppError("conflict", `Version ${toVersion} was published in an older format that cannot be restored; republish instead.`, { toVersion: "Published in an older format." });
      const head = { ...stored.data, version, publishedAt: publishedAt.toISOString(), rolledBackTo: toVersion };
      const body = JSON.stringify(head);
      const key = liveBlogHeadKey(blog.slug);
      const widget = await ensureWidgetPublished(options.publisher);
      const pageKey = liveBlogPageKey(blog.slug);
      const bytes =
        (await putObject(options.publisher, key, body)) +
        (await putObject(options.publisher, pageKey, renderLiveBlogPage(head, { pageUrl: `${readEnv().publicBaseUrl}/${pageKey}`, headUrl: "latest.json", widgetUrl: `../../${widget.key}` })));

      await tx.liveBlog.update({ where: { id: blog.id }, data: { version, publishedVersion: version, publishedAt, rolledBackToVersion: toVersion } });
      await tx.publishJob.updateMany({ where: { documentType: "liveblog", documentId: blog.id, status: "pending" }, data: { status: "done", finishedAt: publishedAt } });
      await tx.publishLog.create({
        data: {
          documentType: "liveblog",
          documentId: blog.id,
          version,
          kind: "rollback",
          keys: [key, pageKey],
          bytes,
          contentHash: createHash("sha256").update(body).digest("hex"),
          latencyMs: Date.now() - publishedAt.getTime(),
          headGzip: logged.headGzip,
        },
      });
      await recordAudit(tx, { actorId: options.actorId, action: "liveblog.rollback", subjectType: "liveblog", subjectId: blog.id, details: { toVersion, headVersion: version } });
      return { version, toVersion };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** Ends a rollback: the newest content is published again. */
export async function resumePublishing(database: Db, options: { actorId: string; liveBlogId: string }) {
  return database.$transaction(async (tx) => {
    const blog = await tx.liveBlog.update({
      where: { id: options.liveBlogId },
      data: { rolledBackToVersion: null, version: { increment: 1 } },
      select: { id: true, version: true },
    });
    await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
    await recordAudit(tx, { actorId: options.actorId, action: "liveblog.resume-publishing", subjectType: "liveblog", subjectId: blog.id });
    return blog;
  });
}
