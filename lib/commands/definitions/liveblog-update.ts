// liveblog.update – title, description and status (coverage start and end follow the status).
import { defineCommand } from "../define-command";
import { updateLiveBlogInTx } from "../../liveblogs/update-liveblog";
import { ZUpdateLiveBlogSchema } from "../../liveblogs/schemas";

export const liveBlogUpdate = defineCommand({
  type: "liveblog.update",
  version: 1,
  summary: "Change a live blog's status (live publishes it, draft withdraws it), and optionally its title or description.",
  permission: "liveblog:edit",
  input: ZUpdateLiveBlogSchema,
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => updateLiveBlogInTx(tx, { actorId: actor.id, input: message.input }),
});
