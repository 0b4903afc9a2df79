// An audit row for a request refused although it named a token we know (revoked, expired, a disabled user, or a
// role that may not do what was asked): operators see which script keeps knocking. Plain pg: it sits on the API path.
import "server-only";
import type pg from "pg";
import { auditInsertSql } from "../audit/record-audit";
import { hotPool } from "../db/hot-pool";
import { Prisma } from "../generated/prisma/client";

export type TApiTokenRefusal = { tokenId: string; userId: string; reason: string; ip: string; commandType?: string };

/** The audit INSERT for a refusal, to run alone or inside a larger statement. */
export function apiTokenRefusalAuditSql(refusal: TApiTokenRefusal): Prisma.Sql {
  const { tokenId, userId, ...details } = refusal;
  return auditInsertSql({
    actorId: Prisma.sql`${userId}::uuid`,
    action: "api-token.refused",
    subjectType: "api-token",
    subjectId: Prisma.sql`${tokenId}`,
    details: Prisma.sql`${JSON.stringify(details)}::jsonb`,
    tokenId: Prisma.sql`${tokenId}::uuid`,
  });
}

export async function recordApiTokenRefusal(refusal: TApiTokenRefusal, pool: pg.Pool = hotPool()): Promise<void> {
  const statement = apiTokenRefusalAuditSql(refusal);
  await pool.query(statement.text, statement.values);
}
