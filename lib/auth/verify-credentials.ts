// Checks an email + password under the login throttle (login-throttle.ts); every attempt is recorded.
import { setTimeout as sleepFor } from "node:timers/promises";
import type { Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { recordAudit } from "../audit/record-audit";
import { alertOnRepeatedFailures, checkLoginAllowed, recordLoginAttempt } from "./login-throttle";
import { verifyAgainstDummy, verifyPassword } from "./password";

export type TSessionUser = { id: string; email: string; name: string; role: Role };

export type TLoginOutcome =
  | { ok: true; user: TSessionUser & { sessionVersion: number; mustChangePassword: boolean } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number };

export async function verifyCredentials(
  database: Db,
  input: { email: string; password: string; ip: string },
  options: { sleep?: (ms: number) => Promise<unknown> } = {},
): Promise<TLoginOutcome> {
  const email = input.email.trim().toLowerCase();
  const verdict = await checkLoginAllowed(database, { email, ip: input.ip });
  if (!verdict.allowed) return { ok: false, reason: "rate_limited", retryAfterMs: verdict.retryAfterMs };
  // Before the password is checked, so a guesser learns nothing sooner; the right password waits too, and gets in.
  if (verdict.delayMs > 0) await (options.sleep ?? sleepFor)(verdict.delayMs);

  const user = await database.user.findUnique({ where: { email } });
  const passwordMatches = user ? await verifyPassword(input.password, user.passwordHash) : await verifyAgainstDummy(input.password);
  const succeeded = Boolean(user && passwordMatches && !user.disabled);
  await recordLoginAttempt(database, { email, ip: input.ip, succeeded });
  if (!user || !succeeded) {
    if (user) await alertOnRepeatedFailures(database, { userId: user.id, email, ip: input.ip });
    return { ok: false, reason: "invalid" };
  }

  await database.$transaction((tx) =>
    recordAudit(tx, { actorId: user.id, action: "session.login", subjectType: "session", subjectId: user.id, details: { ip: input.ip } }),
  );
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion, mustChangePassword: user.mustChangePassword } };
}
