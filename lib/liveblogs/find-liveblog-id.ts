// Resolves a live blog's id from its slug for API callers; falls back to the published head when the database is
// unreachable, so posting keeps working through an outage.
import type { Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { readPublishedLiveBlog } from "./read-published-liveblog";

export async function findLiveBlogIdOrThrow(database: Db, options: { slug: string }): Promise<string> {
  try {
    const blog = await database.liveBlog.findUnique({ where: { slug: options.slug }, select: { id: true } });
    if (blog) return blog.id;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const published = await readPublishedLiveBlog({ slug: options.slug });
    if (published) return published.liveblog.id;
  }
  throw new AppError("not_found", `No live blog with the slug "${options.slug}".`);
}
