// Queues any live-blog change (edit, delete, pin, settings, drafts): validated here, entry HTML sanitised here so
// the author hears about empty or unusable text at once, applied in order by a worker.
import type { Queue } from "../queue/types";
import { cleanEntryBody } from "../liveblogs/clean-entry-body";
import { sendCommand } from "./send-command";
import { ZCommandPayloadSchema, type TCommandPayload } from "./schemas";

export async function queueChange(queue: Queue, options: { actorId: string; command: TCommandPayload }): Promise<{ commandId: string }> {
  const command = ZCommandPayloadSchema.parse(options.command);
  if ("body" in command.input && typeof command.input.body === "string") command.input.body = cleanEntryBody(command.input.body);
  const envelope = await sendCommand(queue, { actorId: options.actorId, command });
  return { commandId: envelope.id };
}
