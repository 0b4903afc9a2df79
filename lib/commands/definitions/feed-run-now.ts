// feed.run-now – fetch a feed now instead of waiting for its schedule.
import { defineCommand } from "../define-command";
import { FEED_KIND } from "../../feeds/constants";
import { requestFeedRunInTx } from "../../feeds/request-feed-run";
import { ZRunFeedNowSchema } from "../../feeds/schemas";

export const feedRunNow = defineCommand({
  type: "feed.run-now",
  version: 1,
  summary: "Fetch a feed now (a scheduler picks it up within seconds; one run at a time per feed).",
  permission: "feed:edit",
  input: ZRunFeedNowSchema,
  documentOf: (message) => ({ kind: FEED_KIND, id: message.input.feedId }),
  apply: (tx, { actor, message }) => requestFeedRunInTx(tx, { actorId: actor.id, input: message.input, now: new Date() }),
});
