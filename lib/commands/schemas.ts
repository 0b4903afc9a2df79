// Commands: every content change, as it travels through the write queue. The envelope is fixed; the message inside
// is checked against its type's definition in the registry.
import { z } from "zod";
import type { TCommandMessage, TCommandPayloadOf } from "./define-command";
import type { BUILT_IN_COMMANDS } from "./registry";

export const ZCommandEnvelopeSchema = z.object({
  /** Schema version of the envelope, so old messages in a queue stay readable after upgrades. */
  v: z.literal(1),
  id: z.uuid(),
  actorId: z.uuid(),
  issuedAt: z.iso.datetime(),
  /** The API token the command was sent with, so audit rows name it. */
  tokenId: z.uuid().optional(),
  command: z.looseObject({ type: z.string().min(1) }),
});

/** A built-in command as callers write it (input before defaults are applied). */
export type TCommandPayload = TCommandPayloadOf<(typeof BUILT_IN_COMMANDS)[number]>;

export type TCommand = Omit<z.input<typeof ZCommandEnvelopeSchema>, "command"> & { command: TCommandPayload | TCommandMessage };
