// A reader's question in one round trip: the command's row and the question's row in a single statement, so a burst
// of questions (one queue group per blog, applied one at a time) drains quickly. Anything unusual (invalid input, a
// deleted blog, a concurrent twin) returns null and takes the general path in apply-command.ts, which records why.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { appliedCommandCteSql } from "../commands/command-log";
import type { TApplyOutcome, TCommandMessage, TFastApplyContext } from "../commands/define-command";
import { isUniqueViolation } from "../db/is-unique-violation";
import { QUESTIONS_DOCUMENT_KIND } from "./constants";
import { ZSubmitQuestionSchema } from "./schemas";

export async function applyQuestionSubmitInOneStatement(database: Db, context: TFastApplyContext<TCommandMessage<unknown>>): Promise<TApplyOutcome | null> {
  const parsed = ZSubmitQuestionSchema.safeParse(context.message.input);
  if (!parsed.success) return null;
  const input = parsed.data;
  const row = { id: context.commandId, type: "question.submit", actorId: context.actorId, document: { kind: QUESTIONS_DOCUMENT_KIND, id: input.liveBlogId }, issuedAt: context.issuedAt };
  try {
    // `blog` is empty when the blog is gone or the command was applied before: then nothing is written.
    const [result] = await database.$queryRaw<{ applied: boolean; duplicate: boolean }[]>`
      WITH blog AS (SELECT id FROM live_blogs WHERE id = ${input.liveBlogId}::uuid AND NOT EXISTS (SELECT 1 FROM commands WHERE id = ${context.commandId}::uuid)),
      question AS (
        INSERT INTO reader_questions (id, live_blog_id, name, text, email, received_at)
        SELECT ${input.questionId}::uuid, blog.id, ${input.name}, ${input.text}, ${input.email}, ${new Date(input.receivedAt)} FROM blog
        ON CONFLICT (id) DO NOTHING RETURNING 1),
      command AS (${appliedCommandCteSql(row, Prisma.sql`NULL::int`, Prisma.sql`blog`)})
      SELECT EXISTS (SELECT 1 FROM blog) AS applied, EXISTS (SELECT 1 FROM commands WHERE id = ${context.commandId}::uuid) AS duplicate`;
    if (result?.duplicate) return { status: "duplicate" };
    if (result?.applied) return { status: "applied", version: null };
    return null;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
