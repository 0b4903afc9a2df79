// Edits and deletes of entries; each names the entry version it was based on, so a concurrent change is never
// overwritten silently.
import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { bumpLiveBlogVersion, markPageChanged } from "./post-entry";
import { MAX_ENTRY_LENGTH } from "./schemas";

export const ZEditEntrySchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  entryId: z.uuid("Unknown entry."),
  baseVersion: z.number().int().positive(),
  body: z.string().trim().min(1, "Entry text is required.").max(MAX_ENTRY_LENGTH, `Entry text must be at most ${MAX_ENTRY_LENGTH.toLocaleString("en-US")} characters.`),
});

export const ZDeleteEntrySchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  entryId: z.uuid("Unknown entry."),
  baseVersion: z.number().int().positive(),
});

async function loadEntryAtVersion(tx: Prisma.TransactionClient, input: { liveBlogId: string; entryId: string; baseVersion: number }) {
  const entry = await tx.entry.findUnique({ where: { id: input.entryId } });
  if (!entry || entry.liveBlogId !== input.liveBlogId) throw new AppError("not_found", "This entry was deleted in the meantime.");
  if (entry.version !== input.baseVersion) {
    throw new AppError("conflict", `Someone changed this entry since you opened it (now version ${entry.version}). Its current text: ${entry.body}`, { body: "Changed by someone else meanwhile." });
  }
  return entry;
}

export async function editEntryInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = ZEditEntrySchema.parse(options.input);
  const blog = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: false });
  const entry = await loadEntryAtVersion(tx, input);
  const updated = await tx.entry.update({ where: { id: entry.id }, data: { body: input.body, version: { increment: 1 } } });
  await markPageChanged(tx, blog.id, entry.seq, 0);
  await recordAudit(tx, { actorId: options.actorId, action: "entry.update", subjectType: "entry", subjectId: entry.id, details: { liveBlogId: blog.id, version: updated.version } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
  return { entry: updated, version: blog.version };
}

export async function deleteEntryInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = ZDeleteEntrySchema.parse(options.input);
  const blog = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: false });
  const entry = await loadEntryAtVersion(tx, input);
  await tx.entry.delete({ where: { id: entry.id } });
  await markPageChanged(tx, blog.id, entry.seq, -1);
  await recordAudit(tx, { actorId: options.actorId, action: "entry.delete", subjectType: "entry", subjectId: entry.id, details: { liveBlogId: blog.id, seq: entry.seq } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
  return { version: blog.version };
}
