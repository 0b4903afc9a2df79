// The headless API's request and response shapes; the OpenAPI document is generated from these and the registry.
import { z } from "zod";
import { ZPostEntrySchema } from "../liveblogs/schemas";

export const MAX_API_BODY_BYTES = 1024 * 1024;

/** POST /api/commands: any registered command type and its payload (checked against the type's own schema). */
export const ZApiCommandRequestSchema = z.object({
  type: z.string("Name the command type, e.g. entry.create.").min(1, "Name the command type, e.g. entry.create."),
  payload: z.record(z.string(), z.unknown(), "The payload must be a JSON object."),
});

export const ZCommandAcceptedSchema = z.object({
  commandId: z.uuid(),
  type: z.string(),
  /** Ids the server assigned (e.g. entryId), known before a worker applies the command. */
  ids: z.record(z.string(), z.uuid()),
  status: z.literal("queued"),
  statusUrl: z.string().describe("GET this for the command's state."),
});
export type TCommandAccepted = z.infer<typeof ZCommandAcceptedSchema>;

const ZDegraded = z.boolean().describe("True while the database is unreachable: the command is safely queued, its state unknown.");

export const ZCommandStatusSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("queued"), degraded: ZDegraded }).describe("Not applied yet (or not a command of yours)."),
  z
    .object({ status: z.literal("applied"), version: z.int(), notPublic: z.literal(true).optional().describe("The live blog is a draft: saved, and public once it goes live."), degraded: ZDegraded })
    .describe("Applied; not yet visible to readers (drafts stay here)."),
  z
    .object({ status: z.literal("published"), version: z.int(), publishedAt: z.iso.datetime().nullable(), saveToPublishedMs: z.int().nullable(), degraded: ZDegraded })
    .describe("Applied and published: readers can see it."),
  z.object({ status: z.literal("rejected"), reason: z.string(), degraded: ZDegraded }).describe("Refused when applied (e.g. the live blog was deleted)."),
  z
    .object({ status: z.literal("failed"), reason: z.string(), failedAt: z.iso.datetime(), degraded: ZDegraded })
    .describe("The workers gave up on it after repeated errors (it is in the dead letters, where an admin can retry it)."),
]);

export const ZEntryPostSchema = ZPostEntrySchema.omit({ liveBlogId: true });

export const ZEntryAcceptedSchema = z.object({ commandId: z.uuid(), entryId: z.uuid(), status: z.literal("queued"), statusUrl: z.string() });

export const ZApiErrorSchema = z.object({
  error: z.string().describe("A sentence for people."),
  code: z.enum(["invalid_input", "unauthenticated", "forbidden", "not_found", "conflict", "rate_limited", "unavailable", "internal"]),
  fieldErrors: z.record(z.string(), z.string()).optional().describe("Per field (payload fields as payload.<name>), the first problem."),
});
export type TApiError = z.infer<typeof ZApiErrorSchema>;
