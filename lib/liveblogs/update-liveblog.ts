// Settings and coverage: title, description and status (going live starts coverage, ending it records the time;
// back to draft withdraws everything readers could fetch, at the next publish).
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { bumpLiveBlogVersion } from "./post-entry";
import { ZPinEntrySchema, ZUpdateLiveBlogSchema } from "./schemas";

export async function updateLiveBlogInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = ZUpdateLiveBlogSchema.parse(options.input);
  const bumped = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: false });
  const before = await tx.liveBlog.findUniqueOrThrow({ where: { id: bumped.id }, select: { status: true, coverageStartedAt: true, coverageEndedAt: true } });
  const now = new Date();
  const coverageStartedAt = before.coverageStartedAt ?? (input.status !== "draft" ? now : null);
  // Reopening an ended blog clears the end; ending (or archiving) a live one stamps it once.
  const coverageEndedAt = input.status === "live" || input.status === "draft" ? null : (before.coverageEndedAt ?? now);
  // Title and description change only when given (a one-click status change leaves them as they are).
  const updated = await tx.liveBlog.update({ where: { id: bumped.id }, data: { title: input.title, description: input.description, status: input.status, coverageStartedAt, coverageEndedAt }, select: { title: true } });
  await recordAudit(tx, { actorId: options.actorId, action: "liveblog.update", subjectType: "liveblog", subjectId: bumped.id, details: { title: updated.title, status: input.status, previousStatus: before.status } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: bumped.id, version: bumped.version });
  return { version: bumped.version };
}

export async function pinEntryInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = ZPinEntrySchema.parse(options.input);
  const bumped = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: false });
  if (input.entryId) {
    const entry = await tx.entry.findUnique({ where: { id: input.entryId }, select: { liveBlogId: true } });
    if (!entry || entry.liveBlogId !== bumped.id) throw new AppError("not_found", "This entry was deleted in the meantime.");
  }
  await tx.liveBlog.update({ where: { id: bumped.id }, data: { pinnedEntryId: input.entryId } });
  await recordAudit(tx, { actorId: options.actorId, action: input.entryId ? "entry.pin" : "entry.unpin", subjectType: "liveblog", subjectId: bumped.id, details: { entryId: input.entryId } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: bumped.id, version: bumped.version });
  return { version: bumped.version };
}
