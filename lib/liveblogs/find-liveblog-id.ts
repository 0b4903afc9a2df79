// Resolves a live blog's id from its slug for API callers; falls back to the published head when the database is
// unreachable, so posting keeps working through an outage.
import type { Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { assertValidSlugOrThrow } from "./assert-valid-slug";
import { readPublishedLiveBlog } from "./read-published-liveblog";

// Slugs never change and ids are never reused, so a found mapping stays true: keep it off the posting hot path.
const idBySlug = new Map<string, string>();
const MAX_CACHED_SLUGS = 10_000;

export async function findLiveBlogIdOrThrow(database: Db, options: { slug: string }): Promise<string> {
  const cached = idBySlug.get(options.slug);
  if (cached) return cached;
  assertValidSlugOrThrow(options.slug);
  try {
    const blog = await database.liveBlog.findUnique({ where: { slug: options.slug }, select: { id: true } });
    if (blog) {
      if (idBySlug.size >= MAX_CACHED_SLUGS) idBySlug.clear();
      idBySlug.set(options.slug, blog.id);
      return blog.id;
    }
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const published = await readPublishedLiveBlog({ slug: options.slug });
    if (published) return published.liveblog.id;
  }
  throw new AppError("not_found", `No live blog with the slug "${options.slug}".`);
}
