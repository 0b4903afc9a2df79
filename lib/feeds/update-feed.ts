// Replaces a feed's settings (its name stays: it is the published key). Headers listed without a value keep their
// stored one. A change to what is fetched or how it is mapped forgets the vendor's validators and asks for a run, so
// the next fetch is a full one with the new settings; the published copy stays until that run succeeds.
import { Prisma } from "../generated/prisma/client";
import { feedSettingsData, loadFeedForChange, nextRunAfter, recordFeedAudit, sourceOrigin } from "./feed-rows";
import { ZUpdateFeedSchema } from "./schemas";
import { mergeHeaders, storedHeaders } from "./secret-headers";

export async function updateFeedInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown; now: Date }) {
  const input = ZUpdateFeedSchema.parse(options.input);
  const before = await loadFeedForChange(tx, input);
  const stored = storedHeaders(before.secretHeaders);
  const headers = mergeHeaders(stored, input.headers);
  const data = feedSettingsData(input);
  const headersChanged = JSON.stringify(headers) !== JSON.stringify(stored);
  const fetchChanged =
    headersChanged ||
    data.sourceUrl !== before.sourceUrl ||
    data.format !== before.format ||
    data.itemsPointer !== before.itemsPointer ||
    JSON.stringify(data.mapping ?? null) !== JSON.stringify(before.mapping ?? null);
  const scheduleChanged = data.schedule !== before.schedule || data.timeZone !== before.timeZone;
  const updated = await tx.feed.update({
    where: { id: before.id },
    data: {
      ...data,
      mapping: data.mapping ?? Prisma.DbNull,
      secretHeaders: headers as Prisma.InputJsonValue,
      settingsVersion: { increment: 1 },
      ...(fetchChanged ? { goodEtag: null, goodLastModified: null, goodHash: null, runRequestedAt: options.now } : {}),
      ...(scheduleChanged ? { nextRunAt: nextRunAfter(data.schedule, data.timeZone, options.now) } : {}),
    },
    select: { settingsVersion: true },
  });
  const changed = [
    ...(["sourceUrl", "format", "itemsPointer", "schedule", "timeZone"] as const).filter((field) => data[field] !== before[field]),
    ...(JSON.stringify(data.mapping ?? null) !== JSON.stringify(before.mapping ?? null) ? ["mapping"] : []),
    ...(headersChanged ? ["headers"] : []),
  ];
  await recordFeedAudit(tx, {
    actorId: options.actorId,
    action: "feed.update",
    feedId: before.id,
    details: { name: before.name, settingsVersion: updated.settingsVersion, changed, source: sourceOrigin(data.sourceUrl), headerNames: headers.map((header) => header.name) },
  });
  return { version: null };
}
