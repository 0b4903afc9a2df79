// Commands: every content change an editor makes, as it travels through the write queue.
import { z } from "zod";
import { ZDeleteEntrySchema, ZEditEntrySchema } from "../liveblogs/change-entry";
import { ZCreateLiveBlogSchema, ZPostEntrySchema } from "../liveblogs/schemas";

export const ZCommandPayloadSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("liveblog.create"), liveBlogId: z.uuid(), input: ZCreateLiveBlogSchema }),
  z.object({ type: z.literal("entry.create"), entryId: z.uuid(), input: ZPostEntrySchema }),
  z.object({ type: z.literal("entry.update"), input: ZEditEntrySchema }),
  z.object({ type: z.literal("entry.delete"), input: ZDeleteEntrySchema }),
]);
export type TCommandPayload = z.infer<typeof ZCommandPayloadSchema>;

export const ZCommandSchema = z.object({
  /** Schema version of the envelope, so old messages in a queue stay readable after upgrades. */
  v: z.literal(1),
  id: z.uuid(),
  actorId: z.uuid(),
  issuedAt: z.iso.datetime(),
  command: ZCommandPayloadSchema,
});
export type TCommand = z.infer<typeof ZCommandSchema>;

/** Commands on one live blog share a queue group, so they apply in the order they were sent. */
export function documentIdOf(command: TCommandPayload): string {
  switch (command.type) {
    case "liveblog.create":
      return command.liveBlogId;
    case "entry.create":
    case "entry.update":
    case "entry.delete":
      return command.input.liveBlogId;
  }
}
