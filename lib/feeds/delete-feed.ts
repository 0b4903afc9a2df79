// Deletes a feed: marked deleted with a new version whose publish withdraws feeds/<name>.json; the withdrawal's record
// step then removes the row (and its run history).
import type { Prisma } from "../generated/prisma/client";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { FEED_KIND } from "./constants";
import { loadFeedForChange, recordFeedAudit } from "./feed-rows";
import { ZDeleteFeedSchema } from "./schemas";

export async function deleteFeedInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown; now: Date }) {
  const input = ZDeleteFeedSchema.parse(options.input);
  const feed = await loadFeedForChange(tx, input);
  const [row] = await tx.$queryRaw<{ version: number }[]>`
    UPDATE feeds SET deleted_at = ${options.now}, version = version + 1, next_run_at = NULL, run_requested_at = NULL WHERE id = ${feed.id}::uuid RETURNING version`;
  const version = row!.version;
  await recordFeedAudit(tx, { actorId: options.actorId, action: "feed.delete", feedId: feed.id, details: { name: feed.name, version } });
  await enqueuePublish(tx, { documentType: FEED_KIND, documentId: feed.id, version });
  return { version };
}
