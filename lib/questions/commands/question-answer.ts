// question.answer – an entry that quotes the question (as text) followed by the editor's answer; the question is
// marked answered in the same transaction.
import { defineCommand } from "../../commands/define-command";
import { cleanEntryBody } from "../../liveblogs/clean-entry-body";
import { answerQuestionInTx } from "../question-writes";
import { ZAnswerQuestionSchema } from "../schemas";

export const questionAnswer = defineCommand({
  type: "question.answer",
  version: 1,
  summary: "Answer a reader's question with an entry that quotes it; the question is published as answered.",
  permission: "question:moderate",
  input: ZAnswerQuestionSchema,
  assignedIds: ["entryId"],
  prepare: (input) => ({ ...input, body: cleanEntryBody(input.body) }),
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => answerQuestionInTx(tx, { actorId: actor.id, entryId: message.entryId, input: message.input }),
});
