// First start: creates the admin account from ADMIN_EMAIL/ADMIN_PASSWORD, or with a generated password.
import type { Db } from "../db";
import { createUser } from "./create-user";

export type TFirstAdmin = { created: false } | { created: true; email: string; password: string | undefined };

export async function ensureFirstAdmin(database: Db, options: { email?: string; password?: string }): Promise<TFirstAdmin> {
  const admins = await database.user.count({ where: { role: "admin" } });
  if (admins > 0) return { created: false };
  const { user, generatedPassword } = await createUser(
    { actorId: null, input: { email: options.email ?? "admin@example.com", name: "Administrator", role: "admin", password: options.password } },
    database,
  );
  return { created: true, email: user.email, password: generatedPassword };
}
