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

/** The modules as stored. A live-blog module naming no public blog (missing, or a draft) is kept and renders nothing
 * until the blog is live: a queued change fails only when the world changed, and the admin checks slugs at the door
 * (lib/pages/find-missing-live-blogs.ts). */
export async function checkPageModulesInTx(_tx: Prisma.TransactionClient, modules: readonly TPageModule[]): Promise<TPageModule[]> {
  return cleanPageModules(modules);
}
