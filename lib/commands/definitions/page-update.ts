// page.update – a page's title, description and modules (each optional); expectedVersion refuses a stale edit.
import { defineCommand } from "../define-command";
import { updatePageInTx } from "../../pages/change-page";
import { cleanPageModules } from "../../pages/clean-page-modules";
import { ZUpdatePageSchema } from "../../pages/schemas";

export const pageUpdate = defineCommand({
  type: "page.update",
  version: 1,
  summary: "Change a page's title, description or modules; with expectedVersion, refused if the page changed since.",
  permission: "page:edit",
  input: ZUpdatePageSchema,
  prepare: (input) => (input.modules === undefined ? input : { ...input, modules: cleanPageModules(input.modules) }),
  documentOf: (message) => ({ kind: "page", id: message.input.pageId }),
  apply: (tx, { actor, message }) => updatePageInTx(tx, { actorId: actor.id, input: message.input }),
});
