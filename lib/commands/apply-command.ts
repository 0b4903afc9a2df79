// Applies one queued command to Postgres, exactly once: the command's id is recorded in the same transaction as
// its change, so a redelivered command is skipped. The author's permission is checked again at apply time. What a
// command does comes from its definition in the registry.
import { ZodError } from "zod";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { AppError, fieldErrorsFromZod } from "../errors";
import { isUniqueViolation } from "../db/is-unique-violation";
import { setAuditToken } from "../audit/record-audit";
import { loadActorWithPermission } from "../auth/load-actor";
import { messageSchemaOf, type TAnyCommandDefinition, type TApplyOutcome, type TCommandMessage } from "./define-command";
import { claimCommand, recordCommandRejection, recordCommandResult, type TCommandRow } from "./command-log";
import { databaseRefusalReason } from "./database-refusal";
import { findCommandDefinition } from "./registry";
import { ZCommandEnvelopeSchema, type TCommand } from "./schemas";

export type { TApplyOutcome } from "./define-command";

/** A message body that is not a valid command can never succeed: the worker dead-letters it. */
export class PoisonCommandError extends Error {}

export function parseCommand(body: string): TCommand {
  try {
    const envelope = ZCommandEnvelopeSchema.parse(JSON.parse(body));
    const definition = findCommandDefinition(envelope.command.type);
    if (!definition) throw new Error(`unknown command type ${JSON.stringify(envelope.command.type)}`);
    return { ...envelope, command: messageSchemaOf(definition).parse(envelope.command) as TCommandMessage };
  } catch (error) {
    throw new PoisonCommandError(`Not a valid command: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  }
}

function rejectionReason(error: unknown): string | null {
  if (error instanceof AppError) return error.message;
  if (error instanceof ZodError) return Object.values(fieldErrorsFromZod(error)).join(" ");
  if (isUniqueViolation(error) || (error instanceof Prisma.PrismaClientKnownRequestError && (error.code === "P2003" || error.code === "P2025"))) {
    return "The change conflicts with the current content (it was changed or deleted meanwhile).";
  }
  // Data Postgres refuses (e.g. a NUL byte) fails the same way on every retry: reject it now, with why.
  return databaseRefusalReason(error);
}

/** The command's row; its document even when the input is invalid (so a rejection row still says where it belongs). */
function commandRowOf(envelope: TCommand, definition: TAnyCommandDefinition, message: TCommandMessage | null): TCommandRow {
  const raw = envelope.command as { input?: { liveBlogId?: unknown } };
  const document = message ? definition.documentOf(message) : { kind: "unknown", id: typeof raw.input?.liveBlogId === "string" ? raw.input.liveBlogId : "" };
  return { id: envelope.id, type: envelope.command.type, actorId: envelope.actorId, document, issuedAt: new Date(envelope.issuedAt) };
}

export async function applyCommand(database: Db, envelope: TCommand): Promise<TApplyOutcome> {
  const definition = findCommandDefinition(envelope.command.type);
  if (!definition) throw new PoisonCommandError(`Unknown command type ${JSON.stringify(envelope.command.type)}.`);
  // Parsed once: an invalid message is rejected (with its field errors) inside the transaction below.
  const parsed = messageSchemaOf(definition).safeParse(envelope.command);
  const message = parsed.success ? (parsed.data as TCommandMessage) : null;
  const row = commandRowOf(envelope, definition, message);
  const tokenId = envelope.tokenId ?? null;

  if (definition.applyFast && message) {
    // Data the database refuses takes the general path, which records the rejection.
    const fast = await definition.applyFast(database, { commandId: envelope.id, actorId: envelope.actorId, issuedAt: row.issuedAt, message, tokenId }).catch((error: unknown) => {
      if (databaseRefusalReason(error) !== null) return null;
      throw error;
    });
    if (fast) return fast;
  }

  try {
    return await database.$transaction(async (tx) => {
      // The command row goes in first: a redelivery finds it (or waits for a concurrent twin to commit) and stops.
      if (!(await claimCommand(tx, row))) return { status: "duplicate" } as const;
      // A reader's command (anonymous) has no account to check; it acts with the least role and changes only its own rows.
      const actor = definition.anonymous ? { id: envelope.actorId, role: "viewer" as const } : await loadActorWithPermission(tx, envelope.actorId, definition.permission);
      if (!actor) throw new AppError("forbidden", "Your account is no longer allowed to make this change.");
      if (!parsed.success) throw parsed.error;
      if (tokenId) await setAuditToken(tx, tokenId);
      const { version } = await definition.apply(tx, { commandId: envelope.id, actor, message: parsed.data as TCommandMessage, issuedAt: row.issuedAt });
      await recordCommandResult(tx, envelope.id, version);
      return { status: "applied", version } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error, "commands")) return { status: "duplicate" };
    const reason = rejectionReason(error);
    if (reason === null) throw error;
    // The change rolled back; record the rejection on its own so the author sees why.
    if (!(await recordCommandRejection(database, row, reason))) return { status: "duplicate" };
    return { status: "rejected", reason };
  }
}
