// Puts any registered command on the write queue for an authorised API caller and says where to follow it.
import "server-only";
import { z } from "zod";
import { sendCommand } from "../commands/send-command";
import { AppError } from "../errors";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import type { TAnyCommandDefinition } from "../commands/define-command";
import type { TApiUser } from "./authenticate-api-request";
import type { TCommandAccepted } from "./schemas";

/** Field errors named as the caller sent them: `payload.body`, not the queue message's `input.body`. */
function payloadErrorFrom(error: z.ZodError): AppError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const [head, ...rest] = issue.path.map(String);
    const field = [head === "input" ? "payload" : (head ?? "payload"), ...rest].join(".");
    fieldErrors[field] ??= issue.message;
  }
  return new AppError("invalid_input", `Please correct: ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
}

export async function queueApiCommand(options: { user: TApiUser; definition: TAnyCommandDefinition; payload: unknown }, queue: Queue = getQueue()): Promise<TCommandAccepted> {
  const { user, definition } = options;
  let envelope;
  try {
    envelope = await sendCommand(queue, { actorId: user.id, tokenId: user.tokenId, command: { type: definition.type, input: options.payload } });
  } catch (error) {
    throw error instanceof z.ZodError ? payloadErrorFrom(error) : error;
  }
  const message = envelope.command as Record<string, unknown>;
  const ids = Object.fromEntries((definition.assignedIds ?? []).map((name) => [name, String(message[name])]));
  return { commandId: envelope.id, type: definition.type, ids, status: "queued", statusUrl: `/api/commands/${envelope.id}` };
}
