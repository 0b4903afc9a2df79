// liveblog.questions – the blog's "Reader questions" switch and the public origins allowed to send them.
import { defineCommand } from "../../commands/define-command";
import { setQuestionSettingsInTx } from "../question-writes";
import { ZQuestionSettingsSchema } from "../schemas";

export const questionSettings = defineCommand({
  type: "liveblog.questions",
  version: 1,
  summary: "Switch reader questions on or off for a live blog and set the public origins allowed to send them.",
  permission: "liveblog:edit",
  input: ZQuestionSettingsSchema,
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => setQuestionSettingsInTx(tx, { actorId: actor.id, input: message.input }),
});
