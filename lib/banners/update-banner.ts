// Replaces every editable field of a banner (optionally changing its status too); an edit based on an older version
// of the banner is refused instead of overwriting someone else's change.
import type { Prisma } from "../generated/prisma/client";
import { bannerRowData } from "./banner-row-data";
import { bumpBannerSetVersion } from "./bump-banner-set-version";
import { cleanBannerFields } from "./clean-banner-fields";
import { loadBannerForChange } from "./load-banner-for-change";
import { recordBannerChange } from "./record-banner-change";
import { ZUpdateBannerSchema } from "./schemas";

export async function updateBannerInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = cleanBannerFields(ZUpdateBannerSchema.parse(options.input));
  const setVersion = await bumpBannerSetVersion(tx);
  const before = await loadBannerForChange(tx, input);
  const updated = await tx.banner.update({ where: { id: before.id }, data: { ...bannerRowData(input), status: input.status ?? before.status, version: { increment: 1 } }, select: { version: true, status: true } });
  return recordBannerChange(tx, { actorId: options.actorId, action: "banner.update", bannerId: before.id, setVersion, details: { bannerVersion: updated.version, status: updated.status, previousStatus: before.status } });
}
