// liveblog.create – a new live blog (and its first publish); the request assigns its id.
import { defineCommand } from "../define-command";
import { insertLiveBlog } from "../../liveblogs/create-liveblog";
import { ZCreateLiveBlogSchema } from "../../liveblogs/schemas";

export const liveBlogCreate = defineCommand({
  type: "liveblog.create",
  version: 1,
  summary: "Create a live blog.",
  permission: "liveblog:create",
  input: ZCreateLiveBlogSchema,
  assignedIds: ["liveBlogId"],
  documentOf: (message) => ({ kind: "liveblog", id: message.liveBlogId }),
  apply: async (tx, { actor, message }) => ({ version: (await insertLiveBlog(tx, { actorId: actor.id, id: message.liveBlogId, input: message.input })).version }),
});
