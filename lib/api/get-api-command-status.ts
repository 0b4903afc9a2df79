// Where a command stands for an API caller: their own commands (admins: anyone's); while the database is
// unreachable the answer is "queued" and marked degraded.
import "server-only";
import { can } from "../auth/permissions";
import { getCommandStatus, type TCommandStatus } from "../commands/get-command-status";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import type { TApiUser } from "./authenticate-api-request";

export async function getApiCommandStatus(options: { id: string; user: TApiUser }, database: Db = db()): Promise<TCommandStatus & { degraded: boolean }> {
  const { id, user } = options;
  if (user.degraded) return { status: "queued", degraded: true };
  try {
    const status = await getCommandStatus(database, { id, actorId: user.id, canSeeAll: can(user.role, "users:manage") });
    return { ...status, degraded: false };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { status: "queued", degraded: true };
    throw error;
  }
}
