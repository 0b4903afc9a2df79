// entry.delete – remove an entry from the live blog (and from what readers can fetch).
import { defineCommand } from "../define-command";
import { deleteEntryInTx, ZDeleteEntrySchema } from "../../liveblogs/change-entry";

export const entryDelete = defineCommand({
  type: "entry.delete",
  version: 1,
  summary: "Delete an entry (baseVersion: the entry version you saw).",
  permission: "entry:publish",
  input: ZDeleteEntrySchema,
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => deleteEntryInTx(tx, { actorId: actor.id, input: message.input }),
});
