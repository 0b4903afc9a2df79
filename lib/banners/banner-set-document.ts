// The banner set as a published document kind: one statement reads the set's version and its published banners (and,
// for a rollback, today's rows of the banners the restored head showed); lib/render renders `banners/latest.json`.
import type { Db } from "../db";
import { defineDocument } from "../publishing/define-document";
import { bannerIdsOfHead, renderBannerSet, renderBannerSetRollback, type TBannerSetSnapshot, type TStoredBanner } from "../render/render-banner-set";
import { BANNER_SET_KIND } from "./constants";
import { Prisma } from "../generated/prisma/client";

/** The same row as JSON built by Postgres: timestamps arrive as strings. */
type TBannerJson = Omit<TStoredBanner, "startsAt" | "endsAt"> & { startsAt: string | null; endsAt: string | null };

const BANNER_JSON = Prisma.sql`json_build_object('id', b.id, 'version', b.version, 'status', b.status, 'messageHtml', b.message_html,
  'ctaLabel', b.cta_label, 'ctaUrl', b.cta_url, 'severity', b.severity, 'placements', coalesce(b.placements, '{}'), 'targeting', b.targeting,
  'targetStates', coalesce(b.target_states, '{}'), 'targetZipPrefixes', coalesce(b.target_zip_prefixes, '{}'), 'startsAt', b.starts_at, 'endsAt', b.ends_at,
  'priority', b.priority, 'dismissible', b.dismissible)`;

function fromJson(banner: TBannerJson): TStoredBanner {
  return { ...banner, startsAt: banner.startsAt === null ? null : new Date(banner.startsAt), endsAt: banner.endsAt === null ? null : new Date(banner.endsAt) };
}

type TSetRow = { setId: string; version: number; banners: TBannerJson[]; current: TBannerJson[]; notice: { id: string; message: string; issuedAt: string } | null };

export async function loadBannerSetSnapshot(database: Db | Prisma.TransactionClient, setId: string, rollbackOf?: string): Promise<TBannerSetSnapshot | null> {
  const rollbackIds = rollbackOf === undefined ? [] : bannerIdsOfHead(rollbackOf);
  // One statement, so the version and the banners agree.
  const [row] = await database.$queryRaw<TSetRow[]>`
    SELECT s.id::text AS "setId", s.version,
      (SELECT coalesce(json_agg(${BANNER_JSON} ORDER BY b.id), '[]'::json) FROM banners b WHERE b.set_id = s.id AND b.status = 'published'::"BannerStatus") AS banners,
      (SELECT coalesce(json_agg(${BANNER_JSON} ORDER BY b.id), '[]'::json) FROM banners b WHERE b.set_id = s.id AND b.id = ANY(${rollbackIds}::uuid[])) AS current,
      (SELECT json_build_object('id', n.id, 'message', n.message, 'issuedAt', to_char(n.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       FROM emergency_notices n ORDER BY n.issued_at DESC, n.id DESC LIMIT 1) AS notice
    FROM banner_sets s WHERE s.id = ${setId}::uuid`;
  if (!row) return null;
  return {
    version: row.version,
    setId: row.setId,
    banners: row.banners.map(fromJson),
    notice: row.notice,
    ...(rollbackOf === undefined ? {} : { rollback: { currentBanners: row.current.map(fromJson) } }),
  };
}

export const bannerSetDocument = defineDocument<TBannerSetSnapshot>({
  kind: BANNER_SET_KIND,
  loadSnapshot: (database, setId, { rollbackOf }) => loadBannerSetSnapshot(database, setId, rollbackOf),
  render: renderBannerSet,
  recordPublished: async (tx, { documentId, version, publishedAt }) => {
    await tx.$executeRaw`UPDATE banner_sets SET published_version = greatest(coalesce(published_version, 0), ${version}::int), published_at = ${publishedAt} WHERE id = ${documentId}::uuid`;
  },
  renderRollback: renderBannerSetRollback,
  bumpVersion: async (tx, setId) => {
    const [row] = await tx.$queryRaw<{ version: number }[]>`UPDATE banner_sets SET version = version + 1 WHERE id = ${setId}::uuid RETURNING version`;
    return row?.version ?? null;
  },
});
