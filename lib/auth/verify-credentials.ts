// Checks an email + password under the login rate limit; every attempt is recorded.
import type { Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { recordAudit } from "../audit/record-audit";
import { checkLoginAllowed, recordLoginAttempt } from "./login-throttle";
import { verifyAgainstDummy, verifyPassword } from "./password";

export type TSessionUser = { id: string; email: string; name: string; role: Role };

export type TLoginOutcome =
  | { ok: true; user: TSessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number };

export async function verifyCredentials(database: Db, input: { email: string; password: string; ip: string }): Promise<TLoginOutcome> {
  const email = input.email.trim().toLowerCase();
  const verdict = await checkLoginAllowed(database, { email, ip: input.ip });
  if (!verdict.allowed) return { ok: false, reason: "rate_limited", retryAfterMs: verdict.retryAfterMs };

  const user = await database.user.findUnique({ where: { email } });
  const passwordMatches = user ? await verifyPassword(input.password, user.passwordHash) : await verifyAgainstDummy(input.password);
  const succeeded = Boolean(user && passwordMatches && !user.disabled);
  await recordLoginAttempt(database, { email, ip: input.ip, succeeded });
  if (!user || !succeeded) return { ok: false, reason: "invalid" };

  await database.$transaction((tx) =>
    recordAudit(tx, { actorId: user.id, action: "session.login", subjectType: "session", subjectId: user.id, details: { ip: input.ip } }),
  );
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
