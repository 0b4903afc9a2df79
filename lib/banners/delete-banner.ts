// Deletes a banner for good: the next publish of the set leaves it out, and no rollback brings it back.
import type { Prisma } from "../generated/prisma/client";
import { bumpBannerSetVersion } from "./bump-banner-set-version";
import { loadBannerForChange } from "./load-banner-for-change";
import { recordBannerChange } from "./record-banner-change";
import { ZDeleteBannerSchema } from "./schemas";

export async function deleteBannerInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = ZDeleteBannerSchema.parse(options.input);
  const setVersion = await bumpBannerSetVersion(tx);
  const banner = await loadBannerForChange(tx, input);
  await tx.banner.delete({ where: { id: banner.id } });
  return recordBannerChange(tx, { actorId: options.actorId, action: "banner.delete", bannerId: banner.id, setVersion, details: { status: banner.status, severity: banner.severity, placements: banner.placements } });
}
