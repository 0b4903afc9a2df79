// The banner a change is about, refused with a clear reason when it is gone or was changed since the editor saw it.
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { MAIN_BANNER_SET_ID } from "./constants";

export async function loadBannerForChange(tx: Prisma.TransactionClient, options: { bannerId: string; expectedVersion?: number }) {
  const banner = await tx.banner.findUnique({ where: { id: options.bannerId } });
  if (!banner || banner.setId !== MAIN_BANNER_SET_ID) throw new AppError("not_found", "This banner was deleted in the meantime.");
  if (options.expectedVersion !== undefined && banner.version !== options.expectedVersion) {
    throw new AppError(
      "conflict",
      `Someone changed this banner since you opened it (it is now version ${banner.version}, you edited version ${options.expectedVersion}). Reload it and apply your change again.`,
      { form: "Changed by someone else meanwhile." },
    );
  }
  return banner;
}
