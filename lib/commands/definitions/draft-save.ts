// draft.save – create or update a draft (contributors), optionally submitting it for review; readers see nothing.
import { defineCommand } from "../define-command";
import { cleanEntryBody } from "../../liveblogs/clean-entry-body";
import { saveDraftInTx } from "../../drafts/change-draft";
import { ZSaveDraftSchema } from "../../liveblogs/schemas";

export const draftSave = defineCommand({
  type: "draft.save",
  version: 1,
  summary: "Save a draft entry, optionally submitting it for review.",
  permission: "entry:draft",
  input: ZSaveDraftSchema,
  prepare: (input) => ({ ...input, body: cleanEntryBody(input.body) }),
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: async (tx, { actor, message }) => {
    await saveDraftInTx(tx, { actor, input: message.input });
    return { version: null };
  },
});
