// entry.create – a new entry in a live blog; the hot path of election night, applied in one statement when it can be.
import { defineCommand } from "../define-command";
import { applyEntryCreateInOneStatement } from "../apply-entry-create";
import { cleanEntryBody } from "../../liveblogs/clean-entry-body";
import { insertEntry } from "../../liveblogs/post-entry";
import { ZPostEntrySchema } from "../../liveblogs/schemas";

export const entryCreate = defineCommand({
  type: "entry.create",
  version: 1,
  summary: "Post an entry (HTML, sanitised) to a live blog.",
  permission: "entry:publish",
  input: ZPostEntrySchema,
  assignedIds: ["entryId"],
  prepare: (input) => ({ ...input, body: cleanEntryBody(input.body) }),
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: async (tx, { actor, message }) => ({ version: (await insertEntry(tx, { actorId: actor.id, entryId: message.entryId, input: message.input })).version }),
  applyFast: (database, context) => applyEntryCreateInOneStatement(database, context),
});
