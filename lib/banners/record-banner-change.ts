// What every banner change ends with, in its transaction: an audit row and a publish job for the set's new version.
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "./constants";

export async function recordBannerChange(
  tx: Prisma.TransactionClient,
  change: { actorId: string; action: string; bannerId: string; setVersion: number; details?: Prisma.InputJsonValue },
): Promise<{ version: number }> {
  await recordAudit(tx, { actorId: change.actorId, action: change.action, subjectType: "banner", subjectId: change.bannerId, details: { setVersion: change.setVersion, ...(change.details as object | undefined) } });
  await enqueuePublish(tx, { documentType: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, version: change.setVersion });
  return { version: change.setVersion };
}
