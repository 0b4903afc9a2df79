// A new banner in the main set, as a draft or published at once; its id is assigned by the request.
import type { Prisma } from "../generated/prisma/client";
import { bannerRowData } from "./banner-row-data";
import { bumpBannerSetVersion } from "./bump-banner-set-version";
import { cleanBannerFields } from "./clean-banner-fields";
import { MAIN_BANNER_SET_ID } from "./constants";
import { recordBannerChange } from "./record-banner-change";
import { ZCreateBannerSchema } from "./schemas";

export async function createBannerInTx(tx: Prisma.TransactionClient, options: { actorId: string; bannerId: string; input: unknown }) {
  const input = cleanBannerFields(ZCreateBannerSchema.parse(options.input));
  const setVersion = await bumpBannerSetVersion(tx);
  await tx.banner.create({ data: { id: options.bannerId, setId: MAIN_BANNER_SET_ID, status: input.status, createdById: options.actorId, ...bannerRowData(input) } });
  return recordBannerChange(tx, { actorId: options.actorId, action: "banner.create", bannerId: options.bannerId, setVersion, details: { status: input.status, severity: input.severity } });
}
