// Publish, return to draft, archive, or end a banner now (its end becomes the time the change is applied, so
// readers' widgets drop it at once, and a scheduled banner that is ended never starts).
import type { Prisma } from "../generated/prisma/client";
import { bumpBannerSetVersion } from "./bump-banner-set-version";
import { loadBannerForChange } from "./load-banner-for-change";
import { recordBannerChange } from "./record-banner-change";
import { ZSetBannerStatusSchema } from "./schemas";

export async function setBannerStatusInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown; now?: Date }) {
  const input = ZSetBannerStatusSchema.parse(options.input);
  const setVersion = await bumpBannerSetVersion(tx);
  const before = await loadBannerForChange(tx, input);
  const now = options.now ?? new Date();
  const data = input.endNow
    ? { endsAt: now, ...(before.startsAt && before.startsAt > now ? { startsAt: now } : {}) }
    : { status: input.status };
  const updated = await tx.banner.update({ where: { id: before.id }, data: { ...data, version: { increment: 1 } }, select: { version: true, status: true } });
  return recordBannerChange(tx, {
    actorId: options.actorId,
    action: input.endNow ? "banner.end" : "banner.set-status",
    bannerId: before.id,
    setVersion,
    details: { bannerVersion: updated.version, status: updated.status, previousStatus: before.status, ...(input.endNow ? { endedAt: now.toISOString() } : {}) },
  });
}
