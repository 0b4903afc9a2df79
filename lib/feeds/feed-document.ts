// The feed as a published document kind: a one-statement snapshot of its last good copy, rendered by lib/render to
// feeds/<name>.json; a deleted feed (or one never fetched well) is withdrawn, and once its file is withdrawn the
// deleted row goes too (its name is free again once the file is gone from the target).
import type { Db } from "../db";
import { defineDocument } from "../publishing/define-document";
import { renderFeed, renderFeedRollback, withdrawFeed, type TFeedSnapshot } from "../render/render-feed";
import { FEED_KIND } from "./constants";

type TSnapshotRow = { feedId: string; name: string; version: number; deleted: boolean; data: string | null; fetchedAt: Date | null; etag: string | null; lastModified: string | null };

export async function loadFeedSnapshot(database: Db, feedId: string): Promise<TFeedSnapshot | null> {
  const [row] = await database.$queryRaw<TSnapshotRow[]>`
    SELECT id::text AS "feedId", name, version, deleted_at IS NOT NULL AS deleted, good_body AS data, good_fetched_at AS "fetchedAt",
      good_etag AS etag, good_last_modified AS "lastModified"
    FROM feeds WHERE id = ${feedId}::uuid`;
  return row ?? null;
}

export const feedDocument = defineDocument<TFeedSnapshot>({
  kind: FEED_KIND,
  loadSnapshot: (database, feedId) => loadFeedSnapshot(database, feedId),
  render: renderFeed,
  recordPublished: async (tx, { documentId, version, publishedAt }) => {
    await tx.$executeRaw`UPDATE feeds SET published_version = greatest(coalesce(published_version, 0), ${version}::int), published_at = ${publishedAt} WHERE id = ${documentId}::uuid`;
  },
  renderRollback: (storedHead, context) => renderFeedRollback(storedHead, context),
  withdraw: withdrawFeed,
  recordWithdrawn: async (tx, { documentId }) => {
    // The file is scheduled for deletion in this same transaction: a deleted feed's row can go.
    await tx.$executeRaw`DELETE FROM feeds WHERE id = ${documentId}::uuid AND deleted_at IS NOT NULL`;
  },
  bumpVersion: async (tx, feedId) => {
    const [row] = await tx.$queryRaw<{ version: number }[]>`UPDATE feeds SET version = version + 1 WHERE id = ${feedId}::uuid RETURNING version`;
    return row?.version ?? null;
  },
});
