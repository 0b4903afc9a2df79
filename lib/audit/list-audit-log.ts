// The newest audit rows with the acting user's email, for the admin's audit page.
import { db, type Db } from "../db";

export function listAuditLog(options: { limit?: number } = {}, database: Db = db()) {
  return database.auditLog.findMany({
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 200, 1000),
    include: { actor: { select: { email: true } } },
  });
}
