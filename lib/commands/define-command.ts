// A command type is one small definition (name, payload schema, permission, ordering key, apply); the registry lists
// them, and the request side, the apply worker and the HTTP API read it instead of switching over types.
import { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import type { Permission } from "../auth/permissions";

/** Which document a command changes: its queue group (FIFO per document) and the publish job's key. */
export type TDocumentRef = { kind: string; id: string };

export type TActor = { id: string; role: Role };

/** The command as queued: its type, the caller's validated input, and any ids the request assigned. */
export type TCommandMessage<TInput = unknown, TId extends string = never> = { type: string; input: TInput } & { [K in TId]: string };

export type TApplyContext<TMessage> = {
  commandId: string;
  actor: TActor;
  message: TMessage;
  issuedAt: Date;
};

export type TApplyOutcome = { status: "applied"; version: number | null } | { status: "rejected"; reason: string } | { status: "duplicate" };

/** The envelope fields a one-statement fast path needs (see apply-entry-create.ts). */
export type TFastApplyContext<TMessage> = { commandId: string; actorId: string; issuedAt: Date; message: TMessage; tokenId: string | null };

export type TCommandDefinition<TInputSchema extends z.ZodType = z.ZodType, TId extends string = string, TType extends string = string> = {
  /** `<area>.<verb>`, e.g. `entry.create`; the queue message and the API name it. */
  type: TType;
  /** Payload version; bump it (and keep reading older ones) when the input shape changes incompatibly. */
  version: number;
  /** One line for the API document. */
  summary: string;
  permission: Permission;
  /** Sent by the public (a reader's question), not by an account: apply checks no user, and no role has its permission. */
  anonymous?: true;
  input: TInputSchema;
  /** Ids the request assigns (uuids), so the caller knows them before a worker applies the command. */
  assignedIds?: readonly TId[];
  /** Request-side clean-up beyond the schema (e.g. sanitising HTML): refuse at the door what apply would refuse. */
  prepare?: (input: z.output<TInputSchema>) => z.output<TInputSchema>;
  documentOf: (message: TCommandMessage<z.output<TInputSchema>, TId>) => TDocumentRef;
  /** Runs inside the transaction that records the command; returns the content version it produced (null: none). */
  apply: (tx: Prisma.TransactionClient, context: TApplyContext<TCommandMessage<z.output<TInputSchema>, TId>>) => Promise<{ version: number | null }>;
  /** Optional one-round-trip path for a hot command; null means "take the general path". */
  applyFast?: (database: Db, context: TFastApplyContext<TCommandMessage<z.output<TInputSchema>, TId>>) => Promise<TApplyOutcome | null>;
};

/* eslint-disable @typescript-eslint/no-explicit-any -- the registry holds definitions of every input type */
export type TAnyCommandDefinition = Omit<TCommandDefinition, "prepare" | "documentOf" | "apply" | "applyFast"> & {
  prepare?: (input: any) => any;
  documentOf: (message: any) => TDocumentRef;
  apply: (tx: Prisma.TransactionClient, context: TApplyContext<any>) => Promise<{ version: number | null }>;
  applyFast?: (database: Db, context: TFastApplyContext<any>) => Promise<TApplyOutcome | null>;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export function defineCommand<TInputSchema extends z.ZodType, TType extends string, TId extends string = never>(
  definition: TCommandDefinition<TInputSchema, TId, TType>,
): TCommandDefinition<TInputSchema, TId, TType> {
  return definition;
}

/** What a caller sends for a definition: its type, the input before defaults, and the ids the request assigned. */
export type TCommandPayloadOf<D> = D extends TCommandDefinition<infer S, infer Id, infer T> ? { type: T; input: z.input<S> } & { [K in Id]: string } : never;

const messageSchemas = new WeakMap<TAnyCommandDefinition, z.ZodType>();

/** The queued message's schema: type, input, assigned ids (built once per definition: this runs per command). */
export function messageSchemaOf(definition: TAnyCommandDefinition): z.ZodType {
  let schema = messageSchemas.get(definition);
  if (!schema) {
    const ids = Object.fromEntries((definition.assignedIds ?? []).map((name) => [name, z.uuid()]));
    schema = z.object({ type: z.literal(definition.type), input: definition.input, ...ids });
    messageSchemas.set(definition, schema);
  }
  return schema;
}
