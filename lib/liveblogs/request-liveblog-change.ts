// The admin's other live-blog writes (edits, deletes, pins, settings, drafts, schedules): queued, applied in order.
import "server-only";
import { queueChange } from "../commands/queue-change";
import type { TCommandPayload } from "../commands/schemas";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";

export function requestLiveBlogChange(options: { actorId: string; command: TCommandPayload }, queue: Queue = getQueue()) {
  return queueChange(queue, options);
}
