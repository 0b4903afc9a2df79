// A copy of a banner as a new draft (same message, button, targeting, window and priority) under a new id.
import type { Prisma } from "../generated/prisma/client";
import { bumpBannerSetVersion } from "./bump-banner-set-version";
import { loadBannerForChange } from "./load-banner-for-change";
import { recordBannerChange } from "./record-banner-change";
import { ZDuplicateBannerSchema } from "./schemas";

export async function duplicateBannerInTx(tx: Prisma.TransactionClient, options: { actorId: string; newBannerId: string; input: unknown }) {
  const input = ZDuplicateBannerSchema.parse(options.input);
  const setVersion = await bumpBannerSetVersion(tx);
  const source = await loadBannerForChange(tx, { bannerId: input.bannerId });
  const copied = {
    setId: source.setId,
    messageHtml: source.messageHtml,
    ctaLabel: source.ctaLabel,
    ctaUrl: source.ctaUrl,
    severity: source.severity,
    placements: source.placements,
    targeting: source.targeting,
    targetStates: source.targetStates,
    targetZipPrefixes: source.targetZipPrefixes,
    startsAt: source.startsAt,
    endsAt: source.endsAt,
    timeZone: source.timeZone,
    priority: source.priority,
    dismissible: source.dismissible,
  };
  await tx.banner.create({ data: { ...copied, id: options.newBannerId, status: "draft", version: 1, createdById: options.actorId } });
  return recordBannerChange(tx, { actorId: options.actorId, action: "banner.duplicate", bannerId: options.newBannerId, setVersion, details: { from: source.id } });
}
