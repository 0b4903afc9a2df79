// feed.delete – delete a feed: feeds/<name>.json leaves the target, then the feed and its run history go.
import { defineCommand } from "../define-command";
import { FEED_KIND } from "../../feeds/constants";
import { deleteFeedInTx } from "../../feeds/delete-feed";
import { ZDeleteFeedSchema } from "../../feeds/schemas";

export const feedDelete = defineCommand({
  type: "feed.delete",
  version: 1,
  summary: "Delete a feed; its published file is removed.",
  permission: "feed:edit",
  input: ZDeleteFeedSchema,
  documentOf: (message) => ({ kind: FEED_KIND, id: message.input.feedId }),
  apply: (tx, { actor, message }) => deleteFeedInTx(tx, { actorId: actor.id, input: message.input, now: new Date() }),
});
