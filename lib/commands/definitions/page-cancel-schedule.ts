// page.cancel-schedule – drops a pending scheduled version of a page (one that already went live stays).
import { defineCommand } from "../define-command";
import { cancelPageScheduleInTx } from "../../pages/schedule-page";
import { ZCancelPageScheduleSchema } from "../../pages/schemas";

export const pageCancelSchedule = defineCommand({
  type: "page.cancel-schedule",
  version: 1,
  summary: "Cancel a page's pending scheduled version.",
  permission: "page:edit",
  input: ZCancelPageScheduleSchema,
  documentOf: (message) => ({ kind: "page", id: message.input.pageId }),
  apply: (tx, { actor, message }) => cancelPageScheduleInTx(tx, { actorId: actor.id, input: message.input }),
});
