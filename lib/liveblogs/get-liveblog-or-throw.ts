// Loads a live blog by slug for the admin, with its publish status (its entries come from get-admin-stream.ts).
import type { Db } from "../db";
import { AppError } from "../errors";
import { getPublicationState } from "../publishing/publication-state";
import { assertValidSlugOrThrow } from "./assert-valid-slug";

export async function getLiveBlogOrThrow(database: Db, options: { slug: string }) {
  assertValidSlugOrThrow(options.slug);
  const blog = await database.liveBlog.findUnique({ where: { slug: options.slug } });
  if (!blog) throw new AppError("not_found", `No live blog with the slug "${options.slug}".`);
  const [pendingJobs, failingJob, publication] = await Promise.all([
    database.publishJob.count({ where: { documentType: "liveblog", documentId: blog.id, status: "pending" } }),
    database.publishJob.findFirst({
      where: { documentType: "liveblog", documentId: blog.id, status: "pending", lastError: { not: null } },
      orderBy: { id: "desc" },
      select: { lastError: true, attempts: true },
    }),
    getPublicationState(database, { kind: "liveblog", documentId: blog.id }),
  ]);
  return { ...blog, rolledBackToVersion: publication.rolledBackToVersion, publishStatus: { pendingJobs, lastError: failingJob?.lastError ?? null, attempts: failingJob?.attempts ?? 0 } };
}
