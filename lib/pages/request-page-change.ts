// The admin's page writes (edits, status, schedules): validated against their command definitions, queued, applied
// in order per page by a worker.
import "server-only";
import { queueChange } from "../commands/queue-change";
import type { TCommandPayload } from "../commands/schemas";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import { assertLiveBlogsExist } from "./find-missing-live-blogs";

export type TPageCommandPayload = Extract<TCommandPayload, { type: `page.${string}` }>;

export async function requestPageChange(options: { actorId: string; command: TPageCommandPayload }, queue: Queue = getQueue()) {
  if ("modules" in options.command.input) await assertLiveBlogsExist(options.command.input.modules as { type: string; slug?: string }[] | undefined);
  return queueChange(queue, options);
}
