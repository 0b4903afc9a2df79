// feed.update – replace a feed's settings (not its name); headers listed without a value keep their stored value.
import { defineCommand } from "../define-command";
import { FEED_KIND } from "../../feeds/constants";
import { ZUpdateFeedSchema } from "../../feeds/schemas";
import { sealHeaderInputs } from "../../feeds/secret-headers";
import { updateFeedInTx } from "../../feeds/update-feed";

export const feedUpdate = defineCommand({
  type: "feed.update",
  version: 1,
  summary: "Change a feed's settings; a header listed without a value keeps its stored value, one left out is removed (omit headers to keep them all).",
  permission: "feed:edit",
  input: ZUpdateFeedSchema,
  prepare: sealHeaderInputs,
  documentOf: (message) => ({ kind: FEED_KIND, id: message.input.feedId }),
  apply: (tx, { actor, message }) => updateFeedInTx(tx, { actorId: actor.id, input: message.input, now: new Date() }),
});
