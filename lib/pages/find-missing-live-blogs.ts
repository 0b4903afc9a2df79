// The admin's door check for live-blog modules: field errors for slugs no live blog has, while the database answers
// (with it down the change is queued as it is, and such a module renders nothing until the blog exists).
import "server-only";
import { db, type Db } from "../db";
import { AppError } from "../errors";

export async function assertLiveBlogsExist(modules: readonly { type: string; slug?: string }[] | undefined, database: Db = db()): Promise<void> {
  const slugs = [...new Set((modules ?? []).flatMap((module) => (module.type === "liveblog" && module.slug ? [module.slug] : [])))];
  if (slugs.length === 0) return;
  let existing: Set<string>;
  try {
    existing = new Set((await database.liveBlog.findMany({ where: { slug: { in: slugs } }, select: { slug: true } })).map((blog) => blog.slug));
  } catch {
    return;
  }
  const fieldErrors: Record<string, string> = {};
  (modules ?? []).forEach((module, index) => {
    if (module.type === "liveblog" && module.slug && !existing.has(module.slug)) fieldErrors[`modules.${index}.slug`] = `No live blog has the slug "${module.slug}".`;
  });
  if (Object.keys(fieldErrors).length > 0) throw new AppError("invalid_input", "Please correct the highlighted fields.", fieldErrors);
}
