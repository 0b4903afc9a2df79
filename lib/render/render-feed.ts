// Pure: a feed's one object, `feeds/<name>.json` (short cache): the last good copy of the vendor's data, mapped, with
// when it was fetched and the vendor's validators (never the URL, which may carry a key). The rollback variant
// re-points readers at an earlier copy with a rising version.
import { z } from "zod";
import { feedObjectKey } from "../feeds/constants";
import type { TPublishPlan, TRenderContext } from "../publishing/define-document";

export const FEED_SCHEMA_VERSION = 1;

export type TFeedSnapshot = {
  version: number;
  feedId: string;
  name: string;
  /** Deleted (its file is withdrawn, then the row goes). */
  deleted: boolean;
  /** The last good copy as JSON text; null before the first good fetch. */
  data: string | null;
  fetchedAt: Date | null;
  etag: string | null;
  lastModified: string | null;
};

export const ZFeedHeadSchema = z.object({
  schema: z.literal(FEED_SCHEMA_VERSION),
  version: z.number().int(),
  publishedAt: z.string(),
  name: z.string(),
  fetchedAt: z.string().nullable(),
  source: z.object({ etag: z.string().optional(), lastModified: z.string().optional() }),
  data: z.unknown(),
  rolledBackTo: z.number().int().optional(),
});
export type TFeedHead = z.infer<typeof ZFeedHeadSchema>;

function headPlan(key: string, body: string): TPublishPlan {
  const object = { key, body };
  return { objects: [object], head: object };
}

export function renderFeed(snapshot: TFeedSnapshot, context: TRenderContext): TPublishPlan {
  const source = { ...(snapshot.etag ? { etag: snapshot.etag } : {}), ...(snapshot.lastModified ? { lastModified: snapshot.lastModified } : {}) };
  const meta = JSON.stringify({ schema: FEED_SCHEMA_VERSION, version: snapshot.version, publishedAt: context.publishedAt.toISOString(), name: snapshot.name, fetchedAt: snapshot.fetchedAt?.toISOString() ?? null, source });
  // The data is stored as JSON text already (up to the feed's size limit): spliced in, not parsed and written again.
  return headPlan(feedObjectKey(snapshot.name), `${meta.slice(0, -1)},"data":${snapshot.data ?? "null"}}`);
}

/** Drafts have no equivalent here: a deleted feed, or one never fetched well, has nothing public. */
export function withdrawFeed(snapshot: TFeedSnapshot): { keys: string[] } | null {
  return snapshot.deleted || snapshot.data === null ? { keys: [feedObjectKey(snapshot.name)] } : null;
}

export function renderFeedRollback(storedHead: string, context: TRenderContext & { version: number; toVersion: number }): TPublishPlan {
  const stored = ZFeedHeadSchema.parse(JSON.parse(storedHead));
  const head: TFeedHead = { ...stored, version: context.version, publishedAt: context.publishedAt.toISOString(), rolledBackTo: context.toVersion };
  return headPlan(feedObjectKey(stored.name), JSON.stringify(head));
}
