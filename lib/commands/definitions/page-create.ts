// page.create – a new page of modules, a private draft until it goes live; the request assigns its id.
import { defineCommand } from "../define-command";
import { cleanPageModules } from "../../pages/clean-page-modules";
import { insertPageInTx } from "../../pages/create-page";
import { ZCreatePageSchema } from "../../pages/schemas";

export const pageCreate = defineCommand({
  type: "page.create",
  version: 1,
  summary: "Create a page of modules (a draft: nothing is public until page.set-status makes it live); its slug is fixed.",
  permission: "page:edit",
  input: ZCreatePageSchema,
  assignedIds: ["pageId"],
  prepare: (input) => ({ ...input, modules: cleanPageModules(input.modules) }),
  documentOf: (message) => ({ kind: "page", id: message.pageId }),
  apply: async (tx, { actor, message }) => ({ version: (await insertPageInTx(tx, { actorId: actor.id, pageId: message.pageId, input: message.input })).version }),
});
