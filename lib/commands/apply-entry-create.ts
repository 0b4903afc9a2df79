// The hot command in one round trip: claim, permission check and every write of a new entry in a single statement.
// Anything unusual (a rejection, a concurrent twin) returns null and takes the general path in apply-command.ts.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { actorAllowedSql } from "../auth/load-actor";
import { isUniqueViolation } from "../db/is-unique-violation";
import { entryWritesSql, prepareEntryWrites, type TEntryWrites } from "../liveblogs/post-entry";
import { appliedCommandCteSql } from "./command-log";
import type { TApplyOutcome, TCommandMessage, TFastApplyContext } from "./define-command";

export async function applyEntryCreateInOneStatement(
  database: Db,
  context: TFastApplyContext<TCommandMessage<{ liveBlogId: string }, "entryId">>,
): Promise<TApplyOutcome | null> {
  let writes: TEntryWrites;
  try {
    writes = prepareEntryWrites({ actorId: context.actorId, entryId: context.message.entryId, input: context.message.input });
  } catch {
    return null; // invalid input: the general path records the rejection with its field errors
  }
  const row = { id: context.commandId, type: "entry.create", actorId: context.actorId, document: { kind: "liveblog", id: writes.liveBlogId }, issuedAt: context.issuedAt };
  // The actor check also stops a redelivered command: its row is already there, so nothing below is written.
  const allowed = Prisma.sql`${actorAllowedSql(context.actorId, "entry:publish")} AND NOT EXISTS (SELECT 1 FROM commands WHERE id = ${context.commandId}::uuid)`;
  try {
    const [result] = await database.$queryRaw<{ version: number | null; duplicate: boolean }[]>`
      WITH ${entryWritesSql(writes, allowed, context.tokenId)},
      command AS (${appliedCommandCteSql(row, Prisma.sql`blog.version`, Prisma.sql`blog`)})
      SELECT blog.version, EXISTS (SELECT 1 FROM commands WHERE id = ${context.commandId}::uuid) AS duplicate
      FROM (SELECT 1) AS one LEFT JOIN blog ON true LEFT JOIN job ON true`;
    if (result?.duplicate) return { status: "duplicate" };
    if (result?.version != null) return { status: "applied", version: result.version };
    return null;
  } catch (error) {
    // A twin delivery committed first (its command or entry row exists): the general path sorts it out.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
