// liveblog.pin – pin one entry above the stream, or unpin (entryId null).
import { defineCommand } from "../define-command";
import { pinEntryInTx } from "../../liveblogs/update-liveblog";
import { ZPinEntrySchema } from "../../liveblogs/schemas";

export const liveBlogPin = defineCommand({
  type: "liveblog.pin",
  version: 1,
  summary: "Pin an entry (or unpin with entryId null).",
  permission: "entry:publish",
  input: ZPinEntrySchema,
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => pinEntryInTx(tx, { actorId: actor.id, input: message.input }),
});
