// banner.set-status – publish, return to draft or archive a banner, or end it now ({ endNow: true }: its end becomes now).
import { defineCommand } from "../define-command";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "../../banners/constants";
import { setBannerStatusInTx } from "../../banners/set-banner-status";
import { ZSetBannerStatusSchema } from "../../banners/schemas";

export const bannerSetStatus = defineCommand({
  type: "banner.set-status",
  version: 1,
  summary: "Set a banner's status (draft, published, archived), or end it now with endNow: true.",
  permission: "banner:edit",
  input: ZSetBannerStatusSchema,
  documentOf: () => ({ kind: BANNER_SET_KIND, id: MAIN_BANNER_SET_ID }),
  apply: (tx, { actor, message }) => setBannerStatusInTx(tx, { actorId: actor.id, input: message.input }),
});
