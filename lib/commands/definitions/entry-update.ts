// entry.update – edit an entry, based on the version the editor saw (a concurrent change is refused, not overwritten).
import { defineCommand } from "../define-command";
import { cleanEntryBody } from "../../liveblogs/clean-entry-body";
import { editEntryInTx, ZEditEntrySchema } from "../../liveblogs/change-entry";

export const entryUpdate = defineCommand({
  type: "entry.update",
  version: 1,
  summary: "Edit an entry (baseVersion: the entry version you edited).",
  permission: "entry:publish",
  input: ZEditEntrySchema,
  prepare: (input) => ({ ...input, body: cleanEntryBody(input.body) }),
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: async (tx, { actor, message }) => ({ version: (await editEntryInTx(tx, { actorId: actor.id, input: message.input })).version }),
});
