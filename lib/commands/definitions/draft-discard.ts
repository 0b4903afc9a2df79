// draft.discard – withdraw a draft (or a scheduled entry).
import { defineCommand } from "../define-command";
import { discardDraftInTx } from "../../drafts/change-draft";
import { ZDiscardDraftSchema } from "../../liveblogs/schemas";

export const draftDiscard = defineCommand({
  type: "draft.discard",
  version: 1,
  summary: "Discard a draft or a scheduled entry.",
  permission: "entry:draft",
  input: ZDiscardDraftSchema,
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => discardDraftInTx(tx, { actor, input: message.input }),
});
