// question.submit – a reader's question, sent by the public endpoint (no account), applied once per question id. Its
// queue group is the blog's questions, apart from the blog's entries, so questions never delay an editor's post.
import { defineCommand } from "../../commands/define-command";
import { QUESTIONS_DOCUMENT_KIND } from "../constants";
import { applyQuestionSubmitInOneStatement } from "../apply-question-submit";
import { insertQuestionInTx } from "../question-writes";
import { ZSubmitQuestionSchema } from "../schemas";

export const questionSubmit = defineCommand({
  type: "question.submit",
  version: 1,
  summary: "A reader's question (sent only by the public endpoint POST /api/public/liveblogs/:slug/questions; no role may send it here).",
  permission: "question:submit",
  anonymous: true,
  input: ZSubmitQuestionSchema,
  documentOf: (message) => ({ kind: QUESTIONS_DOCUMENT_KIND, id: message.input.liveBlogId }),
  apply: async (tx, { message }) => ({ version: (await insertQuestionInTx(tx, { input: message.input })).version }),
  applyFast: (database, context) => applyQuestionSubmitInOneStatement(database, context),
});
