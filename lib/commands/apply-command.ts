// Applies one queued command to Postgres, exactly once: the command's id is recorded in the same transaction as
// its change, so a redelivered command is skipped. The author's permission is checked again at apply time.
import { ZodError } from "zod";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { can, type Permission } from "../auth/permissions";
import type { Role } from "../generated/prisma/enums";
import { AppError, fieldErrorsFromZod } from "../errors";
import { insertLiveBlog } from "../liveblogs/create-liveblog";
import { deleteEntryInTx, editEntryInTx } from "../liveblogs/change-entry";
import { pinEntryInTx, updateLiveBlogInTx } from "../liveblogs/update-liveblog";
import { discardDraftInTx, reviewDraftInTx, saveDraftInTx, scheduleEntryInTx } from "../drafts/change-draft";
import { insertEntry } from "../liveblogs/post-entry";
import { applyEntryCreateInOneStatement } from "./apply-entry-create";
import { documentIdOf, ZCommandSchema, type TCommand, type TCommandPayload } from "./schemas";

export type TApplyOutcome = { status: "applied"; version: number | null } | { status: "rejected"; reason: string } | { status: "duplicate" };

/** A message body that is not a valid command can never succeed: the worker dead-letters it. */
export class PoisonCommandError extends Error {}

const PERMISSION_FOR: Record<TCommandPayload["type"], Permission> = {
  "liveblog.create": "liveblog:create",
  "liveblog.update": "liveblog:edit",
  "liveblog.pin": "entry:publish",
  "entry.create": "entry:publish",
  "entry.update": "entry:publish",
  "entry.delete": "entry:publish",
  "draft.save": "entry:draft",
  "draft.review": "entry:review",
  "draft.schedule": "entry:publish",
  "draft.discard": "entry:draft",
};

export function parseCommand(body: string): TCommand {
  try {
    return ZCommandSchema.parse(JSON.parse(body));
  } catch (error) {
    throw new PoisonCommandError(`Not a valid command: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  }
}

/** Returns the content version the change produced, or null when it changed nothing readers see (drafts). */
async function runCommand(tx: Prisma.TransactionClient, envelope: TCommand, actor: { id: string; role: Role }): Promise<number | null> {
  const { command, actorId } = envelope;
  switch (command.type) {
    case "liveblog.create":
      return (await insertLiveBlog(tx, { actorId, id: command.liveBlogId, input: command.input })).version;
    case "liveblog.update":
      return (await updateLiveBlogInTx(tx, { actorId, input: command.input })).version;
    case "liveblog.pin":
      return (await pinEntryInTx(tx, { actorId, input: command.input })).version;
    case "entry.create":
      return (await insertEntry(tx, { actorId, entryId: command.entryId, input: command.input })).version;
    case "entry.update":
      return (await editEntryInTx(tx, { actorId, input: command.input })).version;
    case "entry.delete":
      return (await deleteEntryInTx(tx, { actorId, input: command.input })).version;
    case "draft.save":
      await saveDraftInTx(tx, { actor, input: command.input });
      return null;
    case "draft.review":
      return (await reviewDraftInTx(tx, { actor, input: command.input })).version;
    case "draft.schedule":
      return (await scheduleEntryInTx(tx, { actor, input: command.input })).version;
    case "draft.discard":
      return (await discardDraftInTx(tx, { actor, input: command.input })).version;
  }
}

function isCommandRowConflict(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  return error.meta?.modelName === "Command" || JSON.stringify(error.meta ?? {}).includes("commands");
}

function rejectionReason(error: unknown): string | null {
  if (error instanceof AppError) return error.message;
  if (error instanceof ZodError) return Object.values(fieldErrorsFromZod(error)).join(" ");
  if (error instanceof Prisma.PrismaClientKnownRequestError && (error.code === "P2002" || error.code === "P2003" || error.code === "P2025")) {
    return "The change conflicts with the current content (it was changed or deleted meanwhile).";
  }
  return null;
}

export async function applyCommand(database: Db, envelope: TCommand): Promise<TApplyOutcome> {
  if (envelope.command.type === "entry.create") {
    const fast = await applyEntryCreateInOneStatement(database, { ...envelope, command: envelope.command });
    if (fast) return fast;
  }
  const record = (tx: Prisma.TransactionClient, status: "applied" | "rejected", extra: { reason?: string; version?: number }) =>
    tx.command.create({
      data: {
        id: envelope.id,
        type: envelope.command.type,
        actorId: envelope.actorId,
        documentId: documentIdOf(envelope.command),
        status,
        reason: extra.reason,
        result: extra.version === undefined ? {} : { version: extra.version },
        issuedAt: new Date(envelope.issuedAt),
      },
    });

  try {
    return await database.$transaction(async (tx) => {
      // The command row goes in first: a redelivery finds it (or waits for a concurrent twin to commit) and stops.
      const claimed = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO commands (id, type, actor_id, document_id, status, result, issued_at)
        VALUES (${envelope.id}::uuid, ${envelope.command.type}, ${envelope.actorId}::uuid, ${documentIdOf(envelope.command)}, 'applied', '{}'::jsonb, ${new Date(envelope.issuedAt)})
        ON CONFLICT (id) DO NOTHING
        RETURNING id::text AS id`;
      if (claimed.length === 0) return { status: "duplicate" } as const;
      const [actor] = await tx.$queryRaw<{ role: Role; disabled: boolean }[]>`SELECT role, disabled FROM users WHERE id = ${envelope.actorId}::uuid`;
      if (!actor || actor.disabled || !can(actor.role, PERMISSION_FOR[envelope.command.type])) {
        throw new AppError("forbidden", "Your account is no longer allowed to make this change.");
      }
      const version = await runCommand(tx, envelope, { id: envelope.actorId, role: actor.role });
      await tx.$executeRaw`UPDATE commands SET result = ${JSON.stringify(version === null ? {} : { version })}::jsonb WHERE id = ${envelope.id}::uuid`;
      return { status: "applied", version } as const;
    });
  } catch (error) {
    if (isCommandRowConflict(error)) return { status: "duplicate" };
    const reason = rejectionReason(error);
    if (reason === null) throw error;
    // The change rolled back; record the rejection on its own so the author sees why.
    try {
      await database.$transaction((tx) => record(tx, "rejected", { reason }));
    } catch (recordError) {
      if (recordError instanceof Prisma.PrismaClientKnownRequestError && recordError.code === "P2002") return { status: "duplicate" };
      throw recordError;
    }
    return { status: "rejected", reason };
  }
}
