// The users a new API token may act as: every enabled user, by email.
import "server-only";
import { db, type Db } from "../db";

export function listTokenOwners(database: Db = db()) {
  return database.user.findMany({ where: { disabled: false }, orderBy: { email: "asc" }, select: { id: true, email: true, name: true, role: true } });
}
