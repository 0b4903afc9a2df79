// The `audit_log` table's statements, in one place. A row is always written inside the transaction that makes the
// change it describes; rows written in a transaction that set an API token name that token (token_id's default).
import { Prisma } from "../generated/prisma/client";

export type TAuditSubjectType = "user" | "liveblog" | "entry" | "draft" | "media" | "session" | "api-token" | (string & {});

export type TAuditInput = {
  actorId: string | null;
  action: string;
  subjectType: TAuditSubjectType;
  subjectId: string;
  details?: Prisma.InputJsonValue;
};

/** The one INSERT into audit_log, as SQL whose values may be expressions over `from` (e.g. a CTE's rows). */
export function auditInsertSql(values: { actorId: Prisma.Sql; action: string; subjectType: string; subjectId: Prisma.Sql; details: Prisma.Sql; tokenId?: Prisma.Sql }, from?: Prisma.Sql): Prisma.Sql {
  const tokenId = values.tokenId ?? Prisma.sql`NULLIF(current_setting('ballast.api_token_id', true), '')::uuid`;
  return Prisma.sql`
    INSERT INTO audit_log (actor_id, action, subject_type, subject_id, details, token_id)
    SELECT ${values.actorId}, ${values.action}, ${values.subjectType}, ${values.subjectId}, ${values.details}, ${tokenId}${from ? Prisma.sql` FROM ${from}` : Prisma.empty}`;
}

// Raw SQL: this runs on every save, and skips the query compiler's per-call cost.
export async function recordAudit(tx: Prisma.TransactionClient, input: TAuditInput): Promise<void> {
  await tx.$executeRaw`${auditInsertSql({
    actorId: Prisma.sql`${input.actorId}::uuid`,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: Prisma.sql`${input.subjectId}`,
    details: Prisma.sql`${JSON.stringify(input.details ?? {})}::jsonb`,
  })}`;
}

/** Every audit row written later in this transaction names the API token the change was made with. */
export async function setAuditToken(tx: Prisma.TransactionClient, tokenId: string): Promise<void> {
  await tx.$executeRaw`SELECT set_config('ballast.api_token_id', ${tokenId}, true)`;
}
