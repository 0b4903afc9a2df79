// banner.create – a new banner in the main set, a private draft unless `status` is "published"; the request assigns its id.
import { defineCommand } from "../define-command";
import { cleanBannerFields } from "../../banners/clean-banner-fields";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "../../banners/constants";
import { createBannerInTx } from "../../banners/create-banner";
import { ZCreateBannerSchema } from "../../banners/schemas";

export const bannerCreate = defineCommand({
  type: "banner.create",
  version: 1,
  summary: "Create a banner (message, button, severity, placements, targeting, window, priority); status draft by default, or published.",
  permission: "banner:edit",
  input: ZCreateBannerSchema,
  assignedIds: ["bannerId"],
  prepare: cleanBannerFields,
  documentOf: () => ({ kind: BANNER_SET_KIND, id: MAIN_BANNER_SET_ID }),
  apply: (tx, { actor, message }) => createBannerInTx(tx, { actorId: actor.id, bannerId: message.bannerId, input: message.input }),
});
