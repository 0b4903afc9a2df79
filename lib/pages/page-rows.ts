// The `pages` table's shared steps inside an apply transaction: take a new version (locking the row), and check the
// modules against the world (rich text, image sources, that each live blog exists).
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { cleanPageModules } from "./clean-page-modules";
import type { TPageModule, TPageStatus } from "./schemas";

export const PAGE_GONE = "This page no longer exists.";

export type TBumpedPage = { id: string; slug: string; status: TPageStatus; version: number };

/** Takes the page's next version (the row stays locked until the transaction ends); not_found when it is gone. */
export async function bumpPageVersion(tx: Prisma.TransactionClient, pageId: string): Promise<TBumpedPage> {
  const [row] = await tx.$queryRaw<TBumpedPage[]>`
    UPDATE pages SET version = version + 1, updated_at = now() WHERE id = ${pageId}::uuid
    RETURNING id::text AS id, slug, status::text AS status, version`;
  if (!row) throw new AppError("not_found", PAGE_GONE);
  return row;
}

/** The modules as stored; a live-blog module must name a live blog that exists (drafts are allowed: they render
 * nothing until the blog goes live). */
export async function checkPageModulesInTx(tx: Prisma.TransactionClient, modules: readonly TPageModule[]): Promise<TPageModule[]> {
  const cleaned = cleanPageModules(modules);
  const slugs = [...new Set(cleaned.flatMap((module) => (module.type === "liveblog" ? [module.slug] : [])))];
  if (slugs.length === 0) return cleaned;
  const found = await tx.liveBlog.findMany({ where: { slug: { in: slugs } }, select: { slug: true } });
  const existing = new Set(found.map((blog) => blog.slug));
  const fieldErrors: Record<string, string> = {};
  cleaned.forEach((module, index) => {
    if (module.type === "liveblog" && !existing.has(module.slug)) fieldErrors[`modules.${index}.slug`] = `No live blog has the slug "${module.slug}".`;
  });
  if (Object.keys(fieldErrors).length > 0) {
    const described = Object.entries(fieldErrors).map(([field, message]) => `Module ${Number(field.split(".")[1]) + 1} (liveblog), slug: ${message}`);
    throw new AppError("invalid_input", described.join(" "), fieldErrors);
  }
  return cleaned;
}
