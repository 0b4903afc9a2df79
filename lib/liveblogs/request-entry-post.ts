// The admin's compose box: a new entry goes onto the process's write queue and a worker applies it.
import "server-only";
import { queueEntry } from "../commands/queue-entry";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";

export function requestEntryPost(options: { actorId: string; input: unknown }, queue: Queue = getQueue()) {
  return queueEntry(queue, options);
}
