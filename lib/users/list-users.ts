// Users for the admin's user table, oldest first.
import { db, type Db } from "../db";

export function listUsers(database: Db = db()) {
  return database.user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, disabled: true, mustChangePassword: true, createdAt: true },
  });
}
