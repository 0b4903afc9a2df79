// A new feed: its settings and sealed headers stored, its first run due at once (nothing is published before a good
// fetch). A name still held by a deleted feed whose file is being removed is refused until it is gone.
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { feedObjectKey } from "./constants";
import { feedSettingsData, recordFeedAudit, sourceOrigin } from "./feed-rows";
import { ZCreateFeedSchema } from "./schemas";
import { mergeHeaders } from "./secret-headers";

export async function createFeedInTx(tx: Prisma.TransactionClient, options: { actorId: string; feedId: string; input: unknown; now: Date }) {
  const input = ZCreateFeedSchema.parse(options.input);
  const [existing] = await tx.$queryRaw<{ deleted: boolean }[]>`SELECT deleted_at IS NOT NULL AS deleted FROM feeds WHERE name = ${input.name}`;
  if (existing) {
    throw new AppError("conflict", existing.deleted ? `A feed named ${input.name} is being deleted; try again in a minute.` : `A feed named ${input.name} already exists.`, { name: "This name is already taken." });
  }
  const [retiring] = await tx.$queryRaw<{ key: string }[]>`SELECT key FROM superseded_objects WHERE key = ${feedObjectKey(input.name)}`;
  if (retiring) throw new AppError("conflict", `The file of a deleted feed named ${input.name} is still being removed; try again in a minute.`, { name: "Still being removed; try again shortly." });
  const headers = mergeHeaders([], input.headers);
  await tx.feed.create({
    data: { id: options.feedId, name: input.name, ...feedSettingsData(input), secretHeaders: headers as Prisma.InputJsonValue, nextRunAt: options.now, createdById: options.actorId },
  });
  await recordFeedAudit(tx, {
    actorId: options.actorId,
    action: "feed.create",
    feedId: options.feedId,
    details: { name: input.name, source: sourceOrigin(input.sourceUrl), format: input.format, schedule: input.schedule, headerNames: headers.map((header) => header.name) },
  });
  return { version: null };
}
