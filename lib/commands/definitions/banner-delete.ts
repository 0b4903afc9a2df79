// banner.delete – delete a banner for good: gone from the next published set, and never restored by a rollback.
import { defineCommand } from "../define-command";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "../../banners/constants";
import { deleteBannerInTx } from "../../banners/delete-banner";
import { ZDeleteBannerSchema } from "../../banners/schemas";

export const bannerDelete = defineCommand({
  type: "banner.delete",
  version: 1,
  summary: "Delete a banner for good (it leaves the published set; a rollback never brings it back).",
  permission: "banner:edit",
  input: ZDeleteBannerSchema,
  documentOf: () => ({ kind: BANNER_SET_KIND, id: MAIN_BANNER_SET_ID }),
  apply: (tx, { actor, message }) => deleteBannerInTx(tx, { actorId: actor.id, input: message.input }),
});
