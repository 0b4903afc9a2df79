// Commands: every content change an editor makes, as it travels through the write queue.
import { z } from "zod";
import { ZDeleteEntrySchema, ZEditEntrySchema } from "../liveblogs/change-entry";
import {
  ZCreateLiveBlogSchema,
  ZDiscardDraftSchema,
  ZPinEntrySchema,
  ZPostEntrySchema,
  ZReviewDraftSchema,
  ZSaveDraftSchema,
  ZScheduleEntrySchema,
  ZUpdateLiveBlogSchema,
} from "../liveblogs/schemas";

export const ZCommandPayloadSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("liveblog.create"), liveBlogId: z.uuid(), input: ZCreateLiveBlogSchema }),
  z.object({ type: z.literal("liveblog.update"), input: ZUpdateLiveBlogSchema }),
  z.object({ type: z.literal("liveblog.pin"), input: ZPinEntrySchema }),
  z.object({ type: z.literal("entry.create"), entryId: z.uuid(), input: ZPostEntrySchema }),
  z.object({ type: z.literal("entry.update"), input: ZEditEntrySchema }),
  z.object({ type: z.literal("entry.delete"), input: ZDeleteEntrySchema }),
  z.object({ type: z.literal("draft.save"), input: ZSaveDraftSchema }),
  z.object({ type: z.literal("draft.review"), input: ZReviewDraftSchema }),
  z.object({ type: z.literal("draft.schedule"), input: ZScheduleEntrySchema }),
  z.object({ type: z.literal("draft.discard"), input: ZDiscardDraftSchema }),
]);
export type TCommandPayload = z.input<typeof ZCommandPayloadSchema>;

export const ZCommandSchema = z.object({
  /** Schema version of the envelope, so old messages in a queue stay readable after upgrades. */
  v: z.literal(1),
  id: z.uuid(),
  actorId: z.uuid(),
  issuedAt: z.iso.datetime(),
  command: ZCommandPayloadSchema,
});
// The input shape: defaults (such as an entry's kind) are filled in when a command is parsed.
export type TCommand = z.input<typeof ZCommandSchema>;

/** Commands on one live blog share a queue group, so they apply in the order they were sent. */
export function documentIdOf(command: TCommandPayload): string {
  switch (command.type) {
    case "liveblog.create":
      return command.liveBlogId;
    default:
      return command.input.liveBlogId;
  }
}
