// Queues any registered change (edit, delete, pin, settings, drafts): validated and cleaned against its definition
// here, so the author hears about empty or unusable text at once; applied in order by a worker.
import type { Queue } from "../queue/types";
import { sendCommand } from "./send-command";
import type { TCommandPayload } from "./schemas";

export async function queueChange(queue: Queue, options: { actorId: string; command: TCommandPayload; tokenId?: string | null }): Promise<{ commandId: string }> {
  const envelope = await sendCommand(queue, options);
  return { commandId: envelope.id };
}
