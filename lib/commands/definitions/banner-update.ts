// banner.update – replace every editable field of a banner (and optionally its status); refused if expectedVersion is stale.
import { defineCommand } from "../define-command";
import { cleanBannerFields } from "../../banners/clean-banner-fields";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "../../banners/constants";
import { updateBannerInTx } from "../../banners/update-banner";
import { ZUpdateBannerSchema } from "../../banners/schemas";

export const bannerUpdate = defineCommand({
  type: "banner.update",
  version: 1,
  summary: "Replace a banner's editable fields (full replacement); with expectedVersion, an edit of an older version is refused.",
  permission: "banner:edit",
  input: ZUpdateBannerSchema,
  prepare: cleanBannerFields,
  documentOf: () => ({ kind: BANNER_SET_KIND, id: MAIN_BANNER_SET_ID }),
  apply: (tx, { actor, message }) => updateBannerInTx(tx, { actorId: actor.id, input: message.input }),
});
