// Validates a command and puts it on the write queue; the caller gets its id back as soon as it is durable.
import { randomUUID } from "node:crypto";
import type { Queue } from "../queue/types";
import { documentIdOf, ZCommandPayloadSchema, type TCommand } from "./schemas";

export async function sendCommand(queue: Queue, options: { actorId: string; command: unknown; id?: string }): Promise<TCommand> {
  const command = ZCommandPayloadSchema.parse(options.command);
  const envelope: TCommand = { v: 1, id: options.id ?? randomUUID(), actorId: options.actorId, issuedAt: new Date().toISOString(), command };
  await queue.send({ id: envelope.id, groupId: `liveblog:${documentIdOf(command)}`, body: JSON.stringify(envelope) });
  return envelope;
}
