// The `reader_questions` table's writes, in one place: a reader's question applied from the queue (once, whatever
// the redeliveries), a moderator's decision, an answer (an entry quoting the question), and a blog's question settings.
// A change readers can see (approved, answered, back out, settings) bumps the blog's version and queues its publish in
// the same transaction; audit rows never carry the email or the question's text.
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { bumpLiveBlogVersion, insertEntry } from "../liveblogs/post-entry";
import { PUBLISHED_QUESTION_STATUSES, type TQuestionStatus } from "./constants";
import { quoteQuestionHtml } from "./quote-question-html";
import { ZAnswerQuestionSchema, ZModerateQuestionSchema, ZQuestionSettingsSchema, ZSubmitQuestionSchema } from "./schemas";

const QUESTION_GONE = "This question no longer exists.";

/** Inserts the question unless its id is known already (a retried post): the reader's id makes it exactly once. */
export async function insertQuestionInTx(tx: Prisma.TransactionClient, options: { input: unknown }): Promise<{ version: null; inserted: boolean }> {
  const input = ZSubmitQuestionSchema.parse(options.input);
  const [row] = await tx.$queryRaw<{ blogExists: boolean; inserted: number }[]>`
    WITH inserted AS (
      INSERT INTO reader_questions (id, live_blog_id, name, text, email, received_at)
      SELECT ${input.questionId}::uuid, b.id, ${input.name}, ${input.text}, ${input.email}, ${new Date(input.receivedAt)} FROM live_blogs b WHERE b.id = ${input.liveBlogId}::uuid
      ON CONFLICT (id) DO NOTHING RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM live_blogs WHERE id = ${input.liveBlogId}::uuid) AS "blogExists", (SELECT count(*)::int FROM inserted) AS inserted`;
  // The blog was deleted after the question was queued: recorded as rejected with why, never retried.
  if (!row?.blogExists) throw new AppError("not_found", "This live blog no longer exists.", { liveBlogId: "This live blog no longer exists." });
  return { version: null, inserted: row.inserted > 0 };
}

type TLockedQuestion = { status: TQuestionStatus; liveBlogId: string; name: string; text: string; answerEntryId: string | null };

async function lockQuestion(tx: Prisma.TransactionClient, liveBlogId: string, questionId: string): Promise<TLockedQuestion> {
  const [row] = await tx.$queryRaw<TLockedQuestion[]>`
    SELECT status::text AS status, live_blog_id::text AS "liveBlogId", name, text, answer_entry_id::text AS "answerEntryId"
    FROM reader_questions WHERE id = ${questionId}::uuid AND live_blog_id = ${liveBlogId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found", QUESTION_GONE, { questionId: QUESTION_GONE });
  return row;
}

const isPublic = (status: TQuestionStatus) => PUBLISHED_QUESTION_STATUSES.includes(status);

async function setStatus(tx: Prisma.TransactionClient, questionId: string, status: TQuestionStatus, actorId: string, answerEntryId: string | null = null) {
  await tx.$executeRaw`
    UPDATE reader_questions
    SET status = ${status}::"ReaderQuestionStatus", moderated_by_id = ${actorId}::uuid, moderated_at = now(),
      answer_entry_id = coalesce(${answerEntryId}::uuid, answer_entry_id),
      published_at = CASE WHEN ${isPublic(status)} THEN coalesce(published_at, now()) ELSE NULL END
    WHERE id = ${questionId}::uuid`;
}

const DECISION_STATUS = { approve: "approved", reject: "rejected", spam: "spam" } as const;

/** Approve, reject or mark as spam. Only a change readers can see (in or out of the published list) publishes. */
export async function moderateQuestionInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }): Promise<{ version: number | null }> {
  const input = ZModerateQuestionSchema.parse(options.input);
  const before = await lockQuestion(tx, input.liveBlogId, input.questionId);
  const status = DECISION_STATUS[input.decision];
  if (before.status === "answered" && status === "approved") return { version: null };
  // The answer entry quotes the question: only deleting that entry takes the question down everywhere.
  if (before.status === "answered") throw new AppError("conflict", "This question was answered in an entry that quotes it: delete that entry to take it down.", { questionId: "This question was answered in an entry that quotes it: delete that entry to take it down." });
  await setStatus(tx, input.questionId, status, options.actorId);
  await recordAudit(tx, { actorId: options.actorId, action: `question.${input.decision}`, subjectType: "question", subjectId: input.questionId, details: { liveBlogId: input.liveBlogId, from: before.status, to: status } });
  if (isPublic(before.status) === isPublic(status)) return { version: null };
  const bumped = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: false });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: bumped.id, version: bumped.version });
  return { version: bumped.version };
}

/** Posts the answer as an entry (the same insert as entry.create) that quotes the question as text, and marks the
 * question answered, in one transaction: the quote comes from the stored question, never from the request. */
export async function answerQuestionInTx(tx: Prisma.TransactionClient, options: { actorId: string; entryId: string; input: unknown }): Promise<{ version: number }> {
  const input = ZAnswerQuestionSchema.parse(options.input);
  const question = await lockQuestion(tx, input.liveBlogId, input.questionId);
  if (question.status === "answered") throw new AppError("conflict", "This question was answered already.", { questionId: "This question was answered already." });
  const body = `${quoteQuestionHtml(question)}${input.body}`;
  const { version } = await insertEntry(tx, { actorId: options.actorId, entryId: options.entryId, input: { liveBlogId: input.liveBlogId, body, kind: input.kind } });
  await setStatus(tx, input.questionId, "answered", options.actorId, options.entryId);
  await recordAudit(tx, { actorId: options.actorId, action: "question.answer", subjectType: "question", subjectId: input.questionId, details: { liveBlogId: input.liveBlogId, from: question.status, entryId: options.entryId } });
  return { version };
}

/** The "Reader questions" switch and the public origins allowed to post; published with the blog's head. */
export async function setQuestionSettingsInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }): Promise<{ version: number }> {
  const input = ZQuestionSettingsSchema.parse(options.input);
  const bumped = await bumpLiveBlogVersion(tx, input.liveBlogId, { newEntry: false });
  await tx.$executeRaw`UPDATE live_blogs SET questions_enabled = ${input.enabled}, question_origins = ${input.origins}::text[] WHERE id = ${input.liveBlogId}::uuid`;
  await recordAudit(tx, { actorId: options.actorId, action: "liveblog.questions", subjectType: "liveblog", subjectId: input.liveBlogId, details: { enabled: input.enabled, origins: input.origins } });
  await enqueuePublish(tx, { documentType: "liveblog", documentId: bumped.id, version: bumped.version });
  return { version: bumped.version };
}
