// question.moderate – approve (published with the blog), reject or mark as spam (taken out of every published object).
import { defineCommand } from "../../commands/define-command";
import { moderateQuestionInTx } from "../question-writes";
import { ZModerateQuestionSchema } from "../schemas";

export const questionModerate = defineCommand({
  type: "question.moderate",
  version: 1,
  summary: "Approve a reader's question (published with the blog), reject it or mark it as spam.",
  permission: "question:moderate",
  input: ZModerateQuestionSchema,
  // The blog's own group: a decision publishes the blog, in order with its entries.
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => moderateQuestionInTx(tx, { actorId: actor.id, input: message.input }),
});
