// page.set-status – live publishes the page; draft and archived take it down (both of its objects are removed).
import { defineCommand } from "../define-command";
import { setPageStatusInTx } from "../../pages/change-page";
import { ZSetPageStatusSchema } from "../../pages/schemas";

export const pageSetStatus = defineCommand({
  type: "page.set-status",
  version: 1,
  summary: "Set a page's status: live publishes it; draft or archived withdraws it from readers.",
  permission: "page:edit",
  input: ZSetPageStatusSchema,
  documentOf: (message) => ({ kind: "page", id: message.input.pageId }),
  apply: (tx, { actor, message }) => setPageStatusInTx(tx, { actorId: actor.id, input: message.input }),
});
