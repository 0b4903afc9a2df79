// feed.create – a new vendor feed (name, source URL, format, mapping, schedule, limits, secret headers); the request
// assigns its id and seals the header values before the command is queued. Its first run is due at once.
import { defineCommand } from "../define-command";
import { FEED_KIND } from "../../feeds/constants";
import { createFeedInTx } from "../../feeds/create-feed";
import { ZCreateFeedSchema } from "../../feeds/schemas";
import { sealHeaderInputs } from "../../feeds/secret-headers";

export const feedCreate = defineCommand({
  type: "feed.create",
  version: 1,
  summary: "Create a vendor feed (source URL, json or csv, mapping, cron schedule, timeout, size limit, secret request headers); it is fetched at once and then on schedule.",
  permission: "feed:edit",
  input: ZCreateFeedSchema,
  assignedIds: ["feedId"],
  prepare: sealHeaderInputs,
  documentOf: (message) => ({ kind: FEED_KIND, id: message.feedId }),
  apply: (tx, { actor, message }) => createFeedInTx(tx, { actorId: actor.id, feedId: message.feedId, input: message.input, now: new Date() }),
});
