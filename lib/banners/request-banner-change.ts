// The admin's banner writes (create, update, duplicate, status, end now, delete): the role is checked here, then the
// command goes on the write queue (validated and cleaned against its definition) and a worker applies it in order.
import "server-only";
import { z } from "zod";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { sendCommand } from "../commands/send-command";
import type { ZCreateBannerSchema, ZDeleteBannerSchema, ZDuplicateBannerSchema, ZSetBannerStatusSchema, ZUpdateBannerSchema } from "./schemas";
import { AppError } from "../errors";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";

/** A banner command as the admin sends it; ids the server assigns (bannerId, newBannerId) may be left out. */
export type TBannerCommand =
  | { type: "banner.create"; input: z.input<typeof ZCreateBannerSchema>; bannerId?: string }
  | { type: "banner.update"; input: z.input<typeof ZUpdateBannerSchema> }
  | { type: "banner.duplicate"; input: z.input<typeof ZDuplicateBannerSchema>; newBannerId?: string }
  | { type: "banner.set-status"; input: z.input<typeof ZSetBannerStatusSchema> }
  | { type: "banner.delete"; input: z.input<typeof ZDeleteBannerSchema> };

/** Returns the command id, and the banner id the request assigned (a new or duplicated banner; else the one changed). */
export async function requestBannerChange(options: { actor: { id: string; role: Role }; command: TBannerCommand }, queue: Queue = getQueue()): Promise<{ commandId: string; bannerId: string | null }> {
  if (!can(options.actor.role, "banner:edit")) throw new AppError("forbidden", `Your role (${options.actor.role}) cannot change banners.`);
  if (!options.command.type.startsWith("banner.")) throw new AppError("invalid_input", "Not a banner command.");
  const envelope = await sendCommand(queue, { actorId: options.actor.id, command: options.command }).catch((error: unknown) => {
    // Field errors keyed by the banner's field (`placements`), not by the message's `input`, so forms can show them.
    if (error instanceof z.ZodError) throw new z.ZodError(error.issues.map((issue) => ({ ...issue, path: issue.path[0] === "input" ? issue.path.slice(1) : issue.path })));
    throw error;
  });
  const message = envelope.command as { bannerId?: string; newBannerId?: string; input: { bannerId?: string } };
  return { commandId: envelope.id, bannerId: message.newBannerId ?? message.bannerId ?? message.input.bannerId ?? null };
}
