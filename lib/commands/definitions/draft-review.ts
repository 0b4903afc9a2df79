// draft.review – an editor approves a draft (it becomes an entry by its author) or returns it with a note.
import { defineCommand } from "../define-command";
import { reviewDraftInTx } from "../../drafts/change-draft";
import { ZReviewDraftSchema } from "../../liveblogs/schemas";

export const draftReview = defineCommand({
  type: "draft.review",
  version: 1,
  summary: "Approve a submitted draft or return it with a note.",
  permission: "entry:review",
  input: ZReviewDraftSchema,
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => reviewDraftInTx(tx, { actor, input: message.input }),
});
