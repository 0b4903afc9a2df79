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
  const message = messageSchemaOf(definition).parse(raw) as TCommandMessage;
  if (definition.prepare) message.input = definition.prepare(message.input);
  return { definition, message, document: definition.documentOf(message) };
}

export function queueGroupOf(document: TDocumentRef): string {
  return `${document.kind}:${document.id}`;
}

export async function sendCommand(queue: Queue, options: { actorId: string; command: unknown; id?: string; tokenId?: string | null }): Promise<TCommand & { command: TCommandMessage }> {
  const { message, document } = prepareCommandMessage(options.command);
  const envelope = { v: 1 as const, id: options.id ?? randomUUID(), actorId: options.actorId, issuedAt: new Date().toISOString(), ...(options.tokenId ? { tokenId: options.tokenId } : {}), command: message };
  await queue.send({ id: envelope.id, groupId: queueGroupOf(document), body: JSON.stringify(envelope) });
  return envelope;
}
