// Queues a new entry (the admin's compose box and the entries API): validated here, applied by a worker.
import { randomUUID } from "node:crypto";
import type { Queue } from "../queue/types";
import { ZPostEntrySchema } from "../liveblogs/schemas";
import { sendCommand } from "./send-command";

export async function queueEntry(queue: Queue, options: { actorId: string; input: unknown; tokenId?: string | null }) {
  // Parsed on its own first, so field errors name `body` and `kind` rather than `input`.
  const input = ZPostEntrySchema.parse(options.input);
  const entryId = randomUUID();
  const envelope = await sendCommand(queue, { actorId: options.actorId, tokenId: options.tokenId, command: { type: "entry.create", entryId, input } });
  return { commandId: envelope.id, entryId };
}
