// Using a reset link: the new password is checked first (a refused one does not spend the link), then in one
// transaction the link is spent (atomic compare-and-set: unused and unexpired), the password replaced, the must-change
// flag cleared, every session of the user ended and an audit row written. Failed uses are throttled per address like
// sign-ins (login_attempts, under a fixed pseudo-account), so links cannot be guessed.
import { db, type Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { checkLoginAllowed, recordLoginAttempt } from "../auth/login-throttle";
import { hashPassword } from "../auth/password";
import { rememberSessionVersion } from "../auth/session-user";
import { AppError } from "../errors";
import { hashResetToken } from "./password-reset-token";
import { ZConsumePasswordResetSchema, ZResetTokenSchema } from "./schemas";

/** The throttle's key for reset-link failures (not an email: no account can be named so). */
export const RESET_THROTTLE_KEY = "password-reset-link";
export const RESET_LINK_REFUSED = "This reset link is invalid, was already used or has expired. Ask an administrator for a new one.";

/** Whether a link can still be used (for the page; consuming checks again). */
export async function findUsableReset(options: { token: string; now?: Date }, database: Db = db()): Promise<{ email: string; expiresAt: Date } | null> {
  if (!ZResetTokenSchema.safeParse(options.token).success) return null;
  const row = await database.passwordResetToken.findUnique({ where: { tokenHash: hashResetToken(options.token) }, select: { usedAt: true, expiresAt: true, user: { select: { email: true, disabled: true } } } });
  if (!row || row.usedAt || row.expiresAt <= (options.now ?? new Date()) || row.user.disabled) return null;
  return { email: row.user.email, expiresAt: row.expiresAt };
}

export async function consumePasswordReset(options: { input: unknown; ip: string; now?: Date }, database: Db = db()): Promise<{ email: string }> {
  const now = options.now ?? new Date();
  const verdict = await checkLoginAllowed(database, { email: RESET_THROTTLE_KEY, ip: options.ip, now });
  if (!verdict.allowed) throw new AppError("rate_limited", `Too many failed reset attempts from your address; try again in ${Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000))} minute(s).`);
  const input = ZConsumePasswordResetSchema.parse(options.input);
  const passwordHash = await hashPassword(input.newPassword);
  const spent = await database.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ userId: string }[]>`
      UPDATE password_reset_tokens t SET used_at = ${now}
      FROM users u
      WHERE t.token_hash = ${hashResetToken(input.token)} AND t.used_at IS NULL AND t.expires_at > ${now} AND u.id = t.user_id AND NOT u.disabled
      RETURNING t.user_id::text AS "userId"`;
    if (!row) return null;
    const user = await tx.user.update({ where: { id: row.userId }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: now, sessionVersion: { increment: 1 } }, select: { id: true, email: true, sessionVersion: true } });
    await recordAudit(tx, { actorId: user.id, action: "user.password-reset-used", subjectType: "user", subjectId: user.id, details: { sessionVersion: user.sessionVersion } });
    return user;
  });
  if (!spent) {
    await recordLoginAttempt(database, { email: RESET_THROTTLE_KEY, ip: options.ip, succeeded: false });
    throw new AppError("invalid_input", RESET_LINK_REFUSED);
  }
  rememberSessionVersion(spent.id, spent.sessionVersion);
  return { email: spent.email };
}
