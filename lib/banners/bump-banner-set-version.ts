// Every banner change takes the next version of its set (and with it the set row's lock, so changes apply in order).
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { MAIN_BANNER_SET_ID } from "./constants";

export async function bumpBannerSetVersion(tx: Prisma.TransactionClient, setId: string = MAIN_BANNER_SET_ID): Promise<number> {
  const [row] = await tx.$queryRaw<{ version: number }[]>`UPDATE banner_sets SET version = version + 1 WHERE id = ${setId}::uuid RETURNING version`;
  if (!row) throw new AppError("not_found", "The banner set does not exist (have the migrations run?).");
  return row.version;
}
