// The admin's question writes (moderate, answer, settings): the role is checked here, then the command goes on the
// write queue and a worker applies it in order with the blog's entries.
import "server-only";
import { z } from "zod";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { sendCommand } from "../commands/send-command";
import { AppError } from "../errors";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import type { ZAnswerQuestionSchema, ZModerateQuestionSchema, ZQuestionSettingsSchema } from "./schemas";

export type TQuestionCommand =
  | { type: "question.moderate"; input: z.input<typeof ZModerateQuestionSchema> }
  | { type: "question.answer"; input: z.input<typeof ZAnswerQuestionSchema>; entryId?: string }
  | { type: "liveblog.questions"; input: z.input<typeof ZQuestionSettingsSchema> };

const PERMISSION = { "question.moderate": "question:moderate", "question.answer": "question:moderate", "liveblog.questions": "liveblog:edit" } as const;

export async function requestQuestionChange(options: { actor: { id: string; role: Role }; command: TQuestionCommand }, queue: Queue = getQueue()): Promise<{ commandId: string; entryId: string | null }> {
  const permission = PERMISSION[options.command.type];
  if (!permission) throw new AppError("invalid_input", "Not a question command.");
  if (!can(options.actor.role, permission)) throw new AppError("forbidden", `Your role (${options.actor.role}) cannot do this.`);
  const envelope = await sendCommand(queue, { actorId: options.actor.id, command: options.command }).catch((error: unknown) => {
    // Field errors keyed by the form's field (`body`), not by the message's `input`.
    if (error instanceof z.ZodError) throw new z.ZodError(error.issues.map((issue) => ({ ...issue, path: issue.path[0] === "input" ? issue.path.slice(1) : issue.path })));
    throw error;
  });
  return { commandId: envelope.id, entryId: (envelope.command as { entryId?: string }).entryId ?? null };
}
