// First start: creates the admin account from ADMIN_EMAIL/ADMIN_PASSWORD, or with a generated password. A generated
// password is printed once and must be changed at first sign-in; ADMIN_PASSWORD is the operator's own choice and is
// kept (it must still pass the password rule: 12+ characters, not a common password).
import type { Db } from "../db";
import { passwordProblem } from "../auth/password-policy";
import { createUser } from "./create-user";

export type TFirstAdmin = { created: false } | { created: true; email: string; password: string | undefined };

export async function ensureFirstAdmin(database: Db, options: { email?: string; password?: string }): Promise<TFirstAdmin> {
  const admins = await database.user.count({ where: { role: "admin" } });
  if (admins > 0) return { created: false };
  const problem = options.password === undefined ? null : passwordProblem(options.password);
  if (problem) throw new Error(`ADMIN_PASSWORD is not acceptable: ${problem}`);
  const { user, generatedPassword } = await createUser(
    { actorId: null, input: { email: options.email ?? "admin@example.com", name: "Administrator", role: "admin", password: options.password }, mustChangePassword: options.password === undefined },
    database,
  );
  return { created: true, email: user.email, password: generatedPassword };
}
