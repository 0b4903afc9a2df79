// Who may apply a queued command: the actor's current role and account state, read inside the applying transaction.
// The role table itself is permissions.ts; this is the one SQL that checks it.
import { Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import { ROLES, can, type Permission } from "./permissions";

function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => can(role, permission));
}

/** A SQL condition (for a CTE or a WHERE) that is true when the actor exists, is enabled, and has the permission. */
export function actorAllowedSql(actorId: string, permission: Permission): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM users WHERE id = ${actorId}::uuid AND NOT disabled AND role::text = ANY(${rolesWith(permission)}::text[]))`;
}

export async function loadActorWithPermission(tx: Prisma.TransactionClient, actorId: string, permission: Permission): Promise<{ id: string; role: Role } | null> {
  const [actor] = await tx.$queryRaw<{ role: Role }[]>`SELECT role FROM users WHERE id = ${actorId}::uuid AND NOT disabled AND role::text = ANY(${rolesWith(permission)}::text[])`;
  return actor ? { id: actorId, role: actor.role } : null;
}
