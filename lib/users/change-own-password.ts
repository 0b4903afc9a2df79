// A signed-in user changes their own password: the current one is checked (under the login throttle, so a borrowed
// session cannot guess it), the new one must pass the password rule and differ, and in one transaction the hash is
// replaced, the must-change flag cleared, every session ended (the session version rises) and an audit row written.
// Applied directly, not queued, like every account change: the caller learns at once whether it took effect.
import { db, type Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { rememberSessionVersion } from "../auth/session-user";
import { checkLoginAllowed, recordLoginAttempt } from "../auth/login-throttle";
import { hashPassword, verifyPassword } from "../auth/password";
import { AppError } from "../errors";
import { ZChangeOwnPasswordSchema } from "./schemas";

export async function changeOwnPassword(options: { userId: string; ip: string; input: unknown }, database: Db = db()): Promise<{ email: string; sessionVersion: number }> {
  const input = ZChangeOwnPasswordSchema.parse(options.input);
  const user = await database.user.findUnique({ where: { id: options.userId } });
  if (!user || user.disabled) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  const verdict = await checkLoginAllowed(database, { email: user.email, ip: options.ip });
  if (!verdict.allowed) throw new AppError("rate_limited", `Too many wrong passwords; try again in ${Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000))} minute(s).`);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await recordLoginAttempt(database, { email: user.email, ip: options.ip, succeeded: false });
    throw new AppError("invalid_input", "Your current password is not right.", { currentPassword: "Your current password is not right." });
  }
  if (input.newPassword.normalize("NFKC") === input.currentPassword.normalize("NFKC")) {
    throw new AppError("invalid_input", "Choose a password different from the current one.", { newPassword: "Choose a password different from the current one." });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const { sessionVersion } = await database.$transaction(async (tx) => {
    // Compare-and-set on the hash read above: two changes at once cannot both win on a stale check.
    const updated = await tx.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } } });
    if (updated.count !== 1) throw new AppError("conflict", "Your password was changed meanwhile; sign in again.");
    const row = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
    await recordAudit(tx, { actorId: user.id, action: "user.password-change", subjectType: "user", subjectId: user.id, details: { sessionVersion: row.sessionVersion, wasRequired: user.mustChangePassword } });
    return row;
  });
  rememberSessionVersion(user.id, sessionVersion);
  return { email: user.email, sessionVersion };
}
