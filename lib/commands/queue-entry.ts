// Queues a new entry (the admin's compose box and the entries API): validated here, applied by a worker.
import { randomUUID } from "node:crypto";
import type { Queue } from "../queue/types";
import { cleanEntryBody } from "../liveblogs/clean-entry-body";
import { ZPostEntrySchema } from "../liveblogs/schemas";
import { sendCommand } from "./send-command";

export async function queueEntry(queue: Queue, options: { actorId: string; input: unknown }) {
  const parsed = ZPostEntrySchema.parse(options.input);
  const input = { ...parsed, body: cleanEntryBody(parsed.body) };
  const entryId = randomUUID();
  const envelope = await sendCommand(queue, { actorId: options.actorId, command: { type: "entry.create", entryId, input } });
  return { commandId: envelope.id, entryId };
}
