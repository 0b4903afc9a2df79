// Drafts: contributors write and submit, editors approve (it becomes an entry) or send back; editors schedule
// entries, which become drafts published at their time. Every change runs inside an apply transaction.
import type { Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { cleanEntryBody } from "../liveblogs/clean-entry-body";
import { insertEntry } from "../liveblogs/post-entry";
import { ZDiscardDraftSchema, ZReviewDraftSchema, ZSaveDraftSchema, ZScheduleEntrySchema } from "../liveblogs/schemas";

type TActor = { id: string; role: Role };

const GONE = "This draft was deleted or already published.";

async function loadDraftOrThrow(tx: Prisma.TransactionClient, input: { liveBlogId: string; draftId: string }) {
  // FOR UPDATE: a scheduler run and an editor's action on the same draft cannot both publish it.
  const [draft] = await tx.$queryRaw<{ id: string; liveBlogId: string; authorId: string; status: string; version: number; body: string; kind: "post" | "key_event" }[]>`
    SELECT id::text AS id, live_blog_id::text AS "liveBlogId", author_id::text AS "authorId", status::text AS status, version, body, kind::text AS kind
    FROM drafts WHERE id = ${input.draftId}::uuid FOR UPDATE`;
  if (!draft || draft.liveBlogId !== input.liveBlogId) throw new AppError("not_found", GONE);
  return draft;
}

function assertOwnerOrReviewer(actor: TActor, draft: { authorId: string }) {
  if (draft.authorId !== actor.id && !can(actor.role, "entry:review")) throw new AppError("forbidden", "Only the draft's author or an editor can change it.");
}

export async function saveDraftInTx(tx: Prisma.TransactionClient, options: { actor: TActor; input: unknown }) {
  const input = ZSaveDraftSchema.parse(options.input);
  const body = cleanEntryBody(input.body);
  const status = input.submit ? "submitted" : "draft";
  const existing = await tx.draft.findUnique({ where: { id: input.draftId } });
  if (!existing) {
    const blog = await tx.liveBlog.findUnique({ where: { id: input.liveBlogId }, select: { id: true } });
    if (!blog) throw new AppError("not_found", "This live blog no longer exists.");
    const draft = await tx.draft.create({ data: { id: input.draftId, liveBlogId: input.liveBlogId, authorId: options.actor.id, body, kind: input.kind, status } });
    await recordAudit(tx, { actorId: options.actor.id, action: input.submit ? "draft.submit" : "draft.create", subjectType: "draft", subjectId: draft.id, details: { liveBlogId: input.liveBlogId } });
    return { version: draft.version };
  }
  if (existing.liveBlogId !== input.liveBlogId) throw new AppError("not_found", GONE);
  assertOwnerOrReviewer(options.actor, existing);
  if (existing.status === "published" || existing.status === "discarded") throw new AppError("conflict", GONE);
  if (input.baseVersion !== undefined && input.baseVersion !== existing.version) {
    throw new AppError("conflict", "Someone changed this draft since you opened it; reload it to see their version.", { body: "Changed by someone else meanwhile." });
  }
  const updated = await tx.draft.update({ where: { id: existing.id }, data: { body, kind: input.kind, status, version: { increment: 1 } } });
  await recordAudit(tx, { actorId: options.actor.id, action: input.submit ? "draft.submit" : "draft.update", subjectType: "draft", subjectId: existing.id, details: { liveBlogId: input.liveBlogId, version: updated.version } });
  return { version: updated.version };
}

/** Approve: the draft becomes an entry by its author, in this transaction. Return: back to the author with a note. */
export async function reviewDraftInTx(tx: Prisma.TransactionClient, options: { actor: TActor; input: unknown }) {
  const input = ZReviewDraftSchema.parse(options.input);
  const draft = await loadDraftOrThrow(tx, input);
  if (draft.status !== "submitted") throw new AppError("conflict", draft.status === "published" ? GONE : `This draft is not waiting for review (it is ${draft.status}).`);
  if (input.decision === "return") {
    await tx.draft.update({ where: { id: draft.id }, data: { status: "returned", reviewNote: input.note, reviewedById: options.actor.id, version: { increment: 1 } } });
    await recordAudit(tx, { actorId: options.actor.id, action: "draft.return", subjectType: "draft", subjectId: draft.id, details: { liveBlogId: draft.liveBlogId, note: input.note } });
    return { version: null };
  }
  const { entry, version } = await insertEntry(tx, { actorId: draft.authorId, input: { liveBlogId: draft.liveBlogId, body: draft.body, kind: draft.kind } });
  await tx.draft.update({ where: { id: draft.id }, data: { status: "published", reviewNote: input.note, reviewedById: options.actor.id, entryId: entry.id, version: { increment: 1 } } });
  await recordAudit(tx, { actorId: options.actor.id, action: "draft.approve", subjectType: "draft", subjectId: draft.id, details: { liveBlogId: draft.liveBlogId, entryId: entry.id } });
  return { version };
}

export async function scheduleEntryInTx(tx: Prisma.TransactionClient, options: { actor: TActor; input: unknown }) {
  const input = ZScheduleEntrySchema.parse(options.input);
  const body = cleanEntryBody(input.body);
  const blog = await tx.liveBlog.findUnique({ where: { id: input.liveBlogId }, select: { id: true } });
  if (!blog) throw new AppError("not_found", "This live blog no longer exists.");
  // Rescheduling: only a draft of this blog that has not been published or discarded, by its author or an editor.
  const [existing] = await tx.$queryRaw<{ liveBlogId: string; authorId: string; status: string }[]>`
    SELECT live_blog_id::text AS "liveBlogId", author_id::text AS "authorId", status::text AS status FROM drafts WHERE id = ${input.draftId}::uuid FOR UPDATE`;
  if (existing) {
    if (existing.liveBlogId !== input.liveBlogId) throw new AppError("not_found", GONE);
    if (existing.status === "published" || existing.status === "discarded") throw new AppError("conflict", GONE);
    assertOwnerOrReviewer(options.actor, existing);
  }
  const draft = await tx.draft.upsert({
    where: { id: input.draftId },
    create: { id: input.draftId, liveBlogId: input.liveBlogId, authorId: options.actor.id, body, kind: input.kind, status: "scheduled", scheduledAt: new Date(input.scheduledAt) },
    update: { body, kind: input.kind, status: "scheduled", scheduledAt: new Date(input.scheduledAt), version: { increment: 1 } },
  });
  await recordAudit(tx, { actorId: options.actor.id, action: "entry.schedule", subjectType: "draft", subjectId: draft.id, details: { liveBlogId: input.liveBlogId, scheduledAt: input.scheduledAt } });
  return { version: null };
}

export async function discardDraftInTx(tx: Prisma.TransactionClient, options: { actor: TActor; input: unknown }) {
  const input = ZDiscardDraftSchema.parse(options.input);
  const draft = await loadDraftOrThrow(tx, input);
  assertOwnerOrReviewer(options.actor, draft);
  if (draft.status === "published") throw new AppError("conflict", GONE);
  await tx.draft.update({ where: { id: draft.id }, data: { status: "discarded", version: { increment: 1 } } });
  await recordAudit(tx, { actorId: options.actor.id, action: "draft.discard", subjectType: "draft", subjectId: draft.id, details: { liveBlogId: draft.liveBlogId } });
  return { version: null };
}

/** The scheduler's step: publishes one due scheduled draft as an entry by its author (or hands it back when the
 * author can no longer publish); null when none is due. */
export async function publishDueDraftInTx(tx: Prisma.TransactionClient, now: Date): Promise<{ draftId: string; liveBlogId: string; outcome: "published" | "returned" } | null> {
  const [due] = await tx.$queryRaw<{ id: string; liveBlogId: string; authorId: string; body: string; kind: "post" | "key_event" }[]>`
    SELECT id::text AS id, live_blog_id::text AS "liveBlogId", author_id::text AS "authorId", body, kind::text AS kind
    FROM drafts WHERE status = 'scheduled' AND scheduled_at <= ${now}
    ORDER BY scheduled_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`;
  if (!due) return null;
  const [author] = await tx.$queryRaw<{ role: Role; disabled: boolean }[]>`SELECT role, disabled FROM users WHERE id = ${due.authorId}::uuid`;
  if (!author || author.disabled || !can(author.role, "entry:publish")) {
    // Whoever scheduled it can no longer publish: hand it back instead of publishing in their name.
    await tx.draft.update({ where: { id: due.id }, data: { status: "returned", reviewNote: "Not published: its author can no longer publish.", version: { increment: 1 } } });
    return { draftId: due.id, liveBlogId: due.liveBlogId, outcome: "returned" };
  }
  const { entry } = await insertEntry(tx, { actorId: due.authorId, input: { liveBlogId: due.liveBlogId, body: due.body, kind: due.kind } });
  await tx.draft.update({ where: { id: due.id }, data: { status: "published", entryId: entry.id, version: { increment: 1 } } });
  await recordAudit(tx, { actorId: null, action: "entry.publish_scheduled", subjectType: "draft", subjectId: due.id, details: { liveBlogId: due.liveBlogId, entryId: entry.id } });
  return { draftId: due.id, liveBlogId: due.liveBlogId, outcome: "published" };
}
