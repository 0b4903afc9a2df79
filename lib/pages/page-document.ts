// The page as a published document kind: a one-statement snapshot (the page and the live blogs its modules name),
// rendered by lib/render, rollback (the earlier head re-pointed, its HTML rendered again), and withdrawal while it is
// a draft or archived.
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { defineDocument } from "../publishing/define-document";
import { PAGE_KIND, renderPagePublication, renderPageRollback, withdrawPage, type TPageSnapshot } from "../render/render-page-publication";
import { bumpPageVersion } from "./page-rows";
import { ZPageHeadSchema } from "./schemas";

/** The live-blog slugs a stored page head names; [] for a head it cannot read. */
function liveBlogSlugsOfHead(storedHead: string): string[] {
  try {
    const parsed = ZPageHeadSchema.safeParse(JSON.parse(storedHead));
    return parsed.success ? parsed.data.modules.flatMap((module) => (module.type === "liveblog" ? [module.slug] : [])) : [];
  } catch {
    return [];
  }
}

type TSnapshotRow = TPageSnapshot["page"] & { version: number; liveBlogs: TPageSnapshot["liveBlogs"] };

async function recordPageVersion(tx: Prisma.TransactionClient, documentId: string, version: number, publishedAt: Date) {
  await tx.$executeRaw`
    UPDATE pages SET published_version = greatest(coalesce(published_version, 0), ${version}::int), published_at = ${publishedAt} WHERE id = ${documentId}::uuid`;
}

export const pageDocument = defineDocument<TPageSnapshot>({
  kind: PAGE_KIND,
  loadSnapshot: async (database: Db, pageId, { rollbackOf }) => {
    // A rollback also needs the blogs the restored head names, which today's modules may not.
    const restoredSlugs = rollbackOf === undefined ? [] : liveBlogSlugsOfHead(rollbackOf);
    // One statement: the page and, for its live-blog modules, whether each blog exists and what status it has.
    const [row] = await database.$queryRaw<TSnapshotRow[]>`
      SELECT p.id::text AS id, p.slug, p.title, p.description, p.status::text AS status, p.modules, p.version,
        (SELECT coalesce(json_object_agg(b.slug, json_build_object('status', b.status::text, 'title', b.title)), '{}'::json)
         FROM live_blogs b
         WHERE b.slug IN (SELECT m->>'slug' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.modules) = 'array' THEN p.modules ELSE '[]'::jsonb END) m
                          WHERE m->>'type' = 'liveblog') OR b.slug = ANY(${restoredSlugs}::text[])) AS "liveBlogs"
      FROM pages p WHERE p.id = ${pageId}::uuid`;
    if (!row) return null;
    const { liveBlogs, version, ...page } = row;
    return { version, page, liveBlogs };
  },
  render: renderPagePublication,
  recordPublished: async (tx, { documentId, version, publishedAt }) => recordPageVersion(tx, documentId, version, publishedAt),
  renderRollback: renderPageRollback,
  withdraw: withdrawPage,
  recordWithdrawn: async (tx, { documentId, version, publishedAt }) => recordPageVersion(tx, documentId, version, publishedAt),
  bumpVersion: async (tx, pageId) => {
    try {
      return (await bumpPageVersion(tx, pageId)).version;
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") return null;
      throw error;
    }
  },
});
