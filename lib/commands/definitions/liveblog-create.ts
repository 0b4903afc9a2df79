// liveblog.create – a new live blog, a private draft unless `status` says otherwise; the request assigns its id.
import { defineCommand } from "../define-command";
import { insertLiveBlog } from "../../liveblogs/create-liveblog";
import { ZCreateLiveBlogSchema } from "../../liveblogs/schemas";

export const liveBlogCreate = defineCommand({
  type: "liveblog.create",
  version: 1,
  summary: "Create a live blog (status: draft by default, nothing public until it goes live).",
  permission: "liveblog:create",
  input: ZCreateLiveBlogSchema,
  assignedIds: ["liveBlogId"],
  documentOf: (message) => ({ kind: "liveblog", id: message.liveBlogId }),
  apply: async (tx, { actor, message }) => ({ version: (await insertLiveBlog(tx, { actorId: actor.id, id: message.liveBlogId, input: message.input })).version }),
});
