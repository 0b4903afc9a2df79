// The `commands` table's statements, in one place: a command's row is claimed in the transaction that applies it
// (a redelivery finds it and stops), its result recorded there, and a rejection recorded on its own.
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import type { TDocumentRef } from "./define-command";

export type TCommandRow = { id: string; type: string; actorId: string; document: TDocumentRef; issuedAt: Date };

/** The row's values as SQL, for an INSERT ... VALUES or a CTE's INSERT ... SELECT. */
function commandValuesSql(row: TCommandRow, status: "applied" | "rejected", result: Prisma.Sql, reason: string | null): Prisma.Sql {
  return Prisma.sql`${row.id}::uuid, ${row.type}, ${row.actorId}::uuid, ${row.document.kind}, ${row.document.id}, ${status}::"CommandStatus", ${reason}, ${result}, ${row.issuedAt}`;
}

const COLUMNS = Prisma.sql`(id, type, actor_id, document_kind, document_id, status, reason, result, issued_at)`;

/** Claims the command inside the applying transaction; false when it was applied (or rejected) before. */
export async function claimCommand(tx: Prisma.TransactionClient, row: TCommandRow): Promise<boolean> {
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO commands ${COLUMNS} VALUES (${commandValuesSql(row, "applied", Prisma.sql`'{}'::jsonb`, null)})
    ON CONFLICT (id) DO NOTHING RETURNING id::text AS id`;
  return claimed.length > 0;
}

export async function recordCommandResult(tx: Prisma.TransactionClient, id: string, version: number | null): Promise<void> {
  await tx.$executeRaw`UPDATE commands SET result = ${JSON.stringify(version === null ? {} : { version })}::jsonb WHERE id = ${id}::uuid`;
}

/** After the change rolled back: the rejection on its own, so its author sees why. False when the id exists already. */
export async function recordCommandRejection(database: Db, row: TCommandRow, reason: string): Promise<boolean> {
  const inserted = await database.$executeRaw`
    INSERT INTO commands ${COLUMNS} VALUES (${commandValuesSql(row, "rejected", Prisma.sql`'{}'::jsonb`, reason)})
    ON CONFLICT (id) DO NOTHING`;
  return inserted > 0;
}

/** A CTE body that records an applied command whose version comes from `versionSql` (evaluated FROM `fromSql`). */
export function appliedCommandCteSql(row: TCommandRow, versionSql: Prisma.Sql, fromSql: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`INSERT INTO commands ${COLUMNS} SELECT ${commandValuesSql(row, "applied", Prisma.sql`jsonb_build_object('version', ${versionSql})`, null)} FROM ${fromSql}`;
}
