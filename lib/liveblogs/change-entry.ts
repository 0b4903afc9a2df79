// Edits and deletes of entries; each names the entry version it was based on, so a concurrent change is never
// overwritten silently.
import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { entryPlainText } from "../content/sanitize-entry-html";
import { cleanEntryBody } from "./clean-entry-body";
import { bumpLiveBlogVersion, markPageChanged } from "./post-entry";
import { ZEntryBodySchema, ZEntryKindSchema } from "./schemas";

export const ZEditEntrySchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  entryId: z.uuid("Unknown entry."),
  baseVersion: z.number().int().positive(),
  body: ZEntryBodySchema,
  kind: ZEntryKindSchema.optional(),
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
    const current = entryPlainText(entry.body);
    throw new AppError("conflict", `Someone changed this entry since you opened it (now version ${entry.version}). Its current text: ${current.length > 500 ? `${current.slice(0, 500)}…` : current}`, { body: "Changed by someone else meanwhile." });
  }
  return entry;
}

export async function editEntryInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = ZEditEntrySchema.parse(options.input);
  const body = cleanEntryBody(input.body);
  const blog = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: false });
  const entry = await loadEntryAtVersion(tx, input);
  const updated = await tx.entry.update({ where: { id: entry.id }, data: { body, kind: input.kind, editedAt: new Date(), version: { increment: 1 } } });
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
  await tx.$executeRaw`UPDATE live_blogs SET pinned_entry_id = NULL WHERE id = ${blog.id}::uuid AND pinned_entry_id = ${entry.id}::uuid`;
  await markPageChanged(tx, blog.id, entry.seq, -1);
  await recordAudit(tx, { actorId: options.actorId, action: "entry.delete", subjectType: "entry", subjectId: entry.id, details: { liveBlogId: blog.id, seq: entry.seq } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: blog.id, version: blog.version });
  return { version: blog.version };
}
