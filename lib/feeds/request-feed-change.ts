// The admin's feed writes (create, update, delete, run now): the role is checked here, then the command goes on the
// write queue (validated, its header values sealed at the door) and a worker applies it in order.
import "server-only";
import { z } from "zod";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { sendCommand } from "../commands/send-command";
import { AppError } from "../errors";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import type { ZCreateFeedSchema, ZDeleteFeedSchema, ZRunFeedNowSchema, ZUpdateFeedSchema } from "./schemas";

export type TFeedCommand =
  | { type: "feed.create"; input: z.input<typeof ZCreateFeedSchema>; feedId?: string }
  | { type: "feed.update"; input: z.input<typeof ZUpdateFeedSchema> }
  | { type: "feed.delete"; input: z.input<typeof ZDeleteFeedSchema> }
  | { type: "feed.run-now"; input: z.input<typeof ZRunFeedNowSchema> };

/** Returns the command id and the feed's id (assigned by the request for a new feed). */
export async function requestFeedChange(options: { actor: { id: string; role: Role }; command: TFeedCommand }, queue: Queue = getQueue()): Promise<{ commandId: string; feedId: string | null }> {
  if (!can(options.actor.role, "feed:edit")) throw new AppError("forbidden", `Your role (${options.actor.role}) cannot change feeds.`);
  if (!options.command.type.startsWith("feed.")) throw new AppError("invalid_input", "Not a feed command.");
  const envelope = await sendCommand(queue, { actorId: options.actor.id, command: options.command }).catch((error: unknown) => {
    // Field errors keyed by the feed's field (`schedule`), not by the message's `input`, so the form can show them.
    if (error instanceof z.ZodError) throw new z.ZodError(error.issues.map((issue) => ({ ...issue, path: issue.path[0] === "input" ? issue.path.slice(1) : issue.path })));
    throw error;
  });
  const message = envelope.command as { feedId?: string; input: { feedId?: string } };
  return { commandId: envelope.id, feedId: message.feedId ?? message.input.feedId ?? null };
}
