// page.schedule – a version of a page (title, description, modules) that replaces it and goes live at goLiveAt.
import { AppError } from "../../errors";
import { defineCommand } from "../define-command";
import { cleanPageModules } from "../../pages/clean-page-modules";
import { schedulePageInTx } from "../../pages/schedule-page";
import { ZSchedulePageSchema } from "../../pages/schemas";

const IN_THE_PAST = "Choose a go-live time in the future.";

export const pageSchedule = defineCommand({
  type: "page.schedule",
  version: 1,
  summary: "Schedule a version of a page (title, description, modules) to replace it and go live at goLiveAt (UTC stored).",
  permission: "page:edit",
  input: ZSchedulePageSchema,
  assignedIds: ["scheduleId"],
  prepare: (input) => {
    // Refused at the door only: a schedule whose time passes while it is queued goes live as soon as it applies.
    if (Date.parse(input.goLiveAt) <= Date.now()) throw new AppError("invalid_input", IN_THE_PAST, { goLiveAt: IN_THE_PAST });
    return { ...input, modules: cleanPageModules(input.modules) };
  },
  documentOf: (message) => ({ kind: "page", id: message.input.pageId }),
  apply: (tx, { actor, message }) => schedulePageInTx(tx, { actorId: actor.id, scheduleId: message.scheduleId, input: message.input }),
});
