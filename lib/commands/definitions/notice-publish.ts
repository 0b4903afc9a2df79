// notice.publish – record (and, through the banner set's head, publish) the sitewide emergency notice; an empty
// message clears it. The admin's notice form also writes it straight to the target (lib/banners/emergency-notice.ts).
import { defineCommand } from "../define-command";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "../../banners/constants";
import { ZRecordNoticeSchema } from "../../banners/notice-schemas";
import { recordNoticeInTx } from "../../banners/record-notice";

export const noticePublish = defineCommand({
  type: "notice.publish",
  version: 1,
  summary: "Publish the sitewide emergency notice shown above every banner (an empty message clears it).",
  permission: "notice:publish",
  input: ZRecordNoticeSchema,
  assignedIds: ["noticeId"] as const,
  documentOf: () => ({ kind: BANNER_SET_KIND, id: MAIN_BANNER_SET_ID }),
  apply: (tx, { actor, message, issuedAt }) => recordNoticeInTx(tx, { actorId: actor.id, noticeId: message.noticeId, input: message.input, issuedAt }),
});
