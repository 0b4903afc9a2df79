// The hot command in one round trip: claim, permission check and every write of a new entry in a single statement.
// Anything unusual (a rejection, a concurrent twin) returns null and takes the general path in apply-command.ts.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { can, ROLES } from "../auth/permissions";
import { entryWritesSql, prepareEntryWrites, type TEntryWrites } from "../liveblogs/post-entry";
import { documentIdOf, type TCommand } from "./schemas";

const ROLES_THAT_PUBLISH = ROLES.filter((role) => can(role, "entry:publish"));

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && (error.code === "P2002" || (error.code === "P2010" && JSON.stringify(error.meta ?? {}).includes("23505")));
}

export async function applyEntryCreateInOneStatement(
  database: Db,
  envelope: TCommand & { command: { type: "entry.create" } },
): Promise<{ status: "applied"; version: number } | { status: "duplicate" } | null> {
  let writes: TEntryWrites;
  try {
    writes = prepareEntryWrites({ actorId: envelope.actorId, entryId: envelope.command.entryId, input: envelope.command.input });
  } catch {
    return null; // invalid input: the general path records the rejection with its field errors
  }
  // The actor check also stops a redelivered command: its row is already there, so nothing below is written.
  const allowed = Prisma.sql`EXISTS (SELECT 1 FROM actor)`;
  try {
    const [row] = await database.$queryRaw<{ version: number | null; duplicate: boolean }[]>`
      WITH actor AS (
        SELECT 1 FROM users
        WHERE id = ${envelope.actorId}::uuid AND NOT disabled AND role::text = ANY(${ROLES_THAT_PUBLISH}::text[])
          AND NOT EXISTS (SELECT 1 FROM commands WHERE id = ${envelope.id}::uuid)),
      ${entryWritesSql(writes, allowed)},
      command AS (
        INSERT INTO commands (id, type, actor_id, document_id, status, result, issued_at)
        SELECT ${envelope.id}::uuid, 'entry.create', ${envelope.actorId}::uuid, ${documentIdOf(envelope.command)}, 'applied'::"CommandStatus", jsonb_build_object('version', blog.version), ${new Date(envelope.issuedAt)}
        FROM blog)
      SELECT blog.version, EXISTS (SELECT 1 FROM commands WHERE id = ${envelope.id}::uuid) AS duplicate
      FROM (SELECT 1) AS one LEFT JOIN blog ON true LEFT JOIN job ON true`;
    if (row?.duplicate) return { status: "duplicate" };
    if (row?.version != null) return { status: "applied", version: row.version };
    return null;
  } catch (error) {
    // A twin delivery committed first (its command or entry row exists): the general path sorts it out.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
