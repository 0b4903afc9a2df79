// banner.duplicate – copy a banner as a new draft; the request assigns the copy's id (newBannerId).
import { defineCommand } from "../define-command";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "../../banners/constants";
import { duplicateBannerInTx } from "../../banners/duplicate-banner";
import { ZDuplicateBannerSchema } from "../../banners/schemas";

export const bannerDuplicate = defineCommand({
  type: "banner.duplicate",
  version: 1,
  summary: "Copy a banner as a new draft (newBannerId is assigned by the server unless given).",
  permission: "banner:edit",
  input: ZDuplicateBannerSchema,
  assignedIds: ["newBannerId"],
  documentOf: () => ({ kind: BANNER_SET_KIND, id: MAIN_BANNER_SET_ID }),
  apply: (tx, { actor, message }) => duplicateBannerInTx(tx, { actorId: actor.id, newBannerId: message.newBannerId, input: message.input }),
});
