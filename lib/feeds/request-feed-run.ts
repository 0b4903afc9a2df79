// "Run now": marks the feed due; a scheduler loop picks it up within a second (one run at a time per feed).
import type { Prisma } from "../generated/prisma/client";
import { loadFeedForChange, recordFeedAudit } from "./feed-rows";
import { ZRunFeedNowSchema } from "./schemas";

export async function requestFeedRunInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown; now: Date }) {
  const input = ZRunFeedNowSchema.parse(options.input);
  const feed = await loadFeedForChange(tx, input);
  await tx.$executeRaw`UPDATE feeds SET run_requested_at = coalesce(run_requested_at, ${options.now}) WHERE id = ${feed.id}::uuid`;
  await recordFeedAudit(tx, { actorId: options.actorId, action: "feed.run-now", feedId: feed.id, details: { name: feed.name } });
  return { version: null };
}
