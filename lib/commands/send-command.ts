// Validates a command against its registered definition and puts it on the write queue; the caller gets its id back
// as soon as it is durable. Commands of one document share a queue group, so they apply in the order they were sent.
import { randomUUID } from "node:crypto";
import { AppError } from "../errors";
import type { Queue } from "../queue/types";
import { messageSchemaOf, type TAnyCommandDefinition, type TCommandMessage, type TDocumentRef } from "./define-command";
import { findCommandDefinition } from "./registry";
import type { TCommand } from "./schemas";

export function commandDefinitionOrThrow(type: unknown): TAnyCommandDefinition {
  const definition = typeof type === "string" ? findCommandDefinition(type) : undefined;
  if (!definition) throw new AppError("invalid_input", `Unknown command type ${JSON.stringify(type)}.`, { type: "Not a known command type." });
  return definition;
}

/** Parses the message (assigning missing ids) and runs the definition's request-side clean-up. */
export function prepareCommandMessage(command: unknown): { definition: TAnyCommandDefinition; message: TCommandMessage; document: TDocumentRef } {
  const raw = typeof command === "object" && command !== null ? { ...(command as Record<string, unknown>) } : {};
  const definition = commandDefinitionOrThrow(raw.type);
  for (const name of definition.assignedIds ?? []) raw[name] ??= randomUUID();
  let message = messageSchemaOf(definition).parse(raw) as TCommandMessage;
  if (definition.prepare) {
    message.input = definition.prepare(message.input);
    // What apply will parse: clean-up can lengthen text (entities, rel attributes) or decode a non-character, and a
    // queued command should fail only when the world changed, so the door refuses what apply would.
    message = messageSchemaOf(definition).parse(message) as TCommandMessage;
  }
  return { definition, message, document: definition.documentOf(message) };
}

export function queueGroupOf(document: TDocumentRef): string {
  return `${document.kind}:${document.id}`;
}

/** SQS caps a message at 256 KiB (attributes included); bulk data is staged, never queued. */
export const MAX_COMMAND_BYTES = 240 * 1024;

export async function sendCommand(
  queue: Queue,
  options: { actorId: string; command: unknown; id?: string; tokenId?: string | null },
  clock: { now?: () => Date } = {},
): Promise<TCommand & { command: TCommandMessage }> {
  const { message, document } = prepareCommandMessage(options.command);
  const issuedAt = (clock.now ?? (() => new Date()))().toISOString();
  const envelope = { v: 1 as const, id: options.id ?? randomUUID(), actorId: options.actorId, issuedAt, ...(options.tokenId ? { tokenId: options.tokenId } : {}), command: message };
  const body = JSON.stringify(envelope);
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_COMMAND_BYTES) {
    throw new AppError("invalid_input", `This change is too large to queue (${Math.ceil(bytes / 1024)} KB; at most ${MAX_COMMAND_BYTES / 1024} KB). Make it shorter or split it.`, {
      input: `Too large: ${Math.ceil(bytes / 1024)} KB of at most ${MAX_COMMAND_BYTES / 1024} KB.`,
    });
  }
  await queue.send({ id: envelope.id, groupId: queueGroupOf(document), body });
  return envelope;
}
