// Resolves a live blog's id from its slug for API callers; throws not_found with the slug in the message.
import type { Db } from "../db";
import { AppError } from "../errors";

export async function findLiveBlogIdOrThrow(database: Db, options: { slug: string }): Promise<string> {
  const blog = await database.liveBlog.findUnique({ where: { slug: options.slug }, select: { id: true } });
  if (!blog) throw new AppError("not_found", `No live blog with the slug "${options.slug}".`);
  return blog.id;
}
