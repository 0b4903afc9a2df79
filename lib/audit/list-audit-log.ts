// The newest audit rows with the acting user's email, for the admin's audit page.
import type { Db } from "../db";

export function listAuditLog(database: Db, options: { limit?: number } = {}) {
  return database.auditLog.findMany({
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 200, 1000),
    include: { actor: { select: { email: true } } },
  });
}
