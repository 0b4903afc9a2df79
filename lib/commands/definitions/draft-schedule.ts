// draft.schedule – an entry that a worker publishes at a set time.
import { defineCommand } from "../define-command";
import { cleanEntryBody } from "../../liveblogs/clean-entry-body";
import { scheduleEntryInTx } from "../../drafts/change-draft";
import { ZScheduleEntrySchema } from "../../liveblogs/schemas";

export const draftSchedule = defineCommand({
  type: "draft.schedule",
  version: 1,
  summary: "Schedule an entry to be posted at a set time.",
  permission: "entry:publish",
  input: ZScheduleEntrySchema,
  prepare: (input) => ({ ...input, body: cleanEntryBody(input.body) }),
  documentOf: (message) => ({ kind: "liveblog", id: message.input.liveBlogId }),
  apply: (tx, { actor, message }) => scheduleEntryInTx(tx, { actor, input: message.input }),
});
