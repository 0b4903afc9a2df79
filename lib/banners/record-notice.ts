// Applies a queued emergency notice to the database (once, by its id): the record of what was published, an audit
// row, and a banner-set publish that carries the notice in `banners/latest.json` (for a notice sent through the API,
// that publish is what makes it public).
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID, NOTICE_KEY } from "./constants";
import type { TRecordNoticeInput } from "./notice-schemas";

export async function recordNoticeInTx(
  tx: Prisma.TransactionClient,
  options: { actorId: string; noticeId: string; input: TRecordNoticeInput; issuedAt: Date },
): Promise<{ version: number | null }> {
  const issuedAt = options.issuedAt;
  const inserted = await tx.$executeRaw`
    INSERT INTO emergency_notices (id, message, issued_at, issued_by_id) VALUES (${options.noticeId}::uuid, ${options.input.message}, ${issuedAt}, ${options.actorId}::uuid)
    ON CONFLICT (id) DO NOTHING`;
  if (inserted === 0) return { version: null };
  const [set] = await tx.$queryRaw<{ version: number }[]>`UPDATE banner_sets SET version = version + 1 WHERE id = ${MAIN_BANNER_SET_ID}::uuid RETURNING version`;
  if (!set) throw new Error("the banner set row is missing; run the migrations");
  await enqueuePublish(tx, { documentType: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, version: set.version });
  await recordAudit(tx, {
    actorId: options.actorId,
    action: options.input.message === "" ? "notice.clear" : "notice.publish",
    subjectType: "notice",
    subjectId: options.noticeId,
    details: { message: options.input.message, issuedAt: issuedAt.toISOString(), key: NOTICE_KEY },
  });
  return { version: set.version };
}

/** Newest first, for the admin's notice page. */
export function listNoticeHistoryInTx(database: Pick<Prisma.TransactionClient, "emergencyNotice">, limit = 20) {
  return database.emergencyNotice.findMany({
    orderBy: { issuedAt: "desc" },
    take: limit,
    select: { id: true, message: true, issuedAt: true, recordedAt: true, issuedBy: { select: { name: true, email: true } } },
  });
}
