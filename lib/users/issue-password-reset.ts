// An admin issues a one-time password-reset link for a user: valid for one hour, single use; issuing a new one
// cancels the user's earlier unused links. Only the token's hash is stored. The link is returned for the admin to
// hand over, and emailed to the user as well when SMTP_URL is set (after the transaction: never across the network).
import "server-only";
import { db, type Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { emailConfigured, sendEmail } from "../email/send-email";
import { AppError } from "../errors";
import { logger } from "../logger";
import { hashResetToken, newResetToken, RESET_LINK_TTL_MS, resetLinkFor } from "./password-reset-token";
import { ZIssuePasswordResetSchema } from "./schemas";

export type TIssuedPasswordReset = { email: string; link: string; expiresAt: Date; emailed: boolean; emailError: string | null };

export async function issuePasswordReset(
  options: { actorId: string; input: unknown; baseUrl: string; now?: Date; send?: typeof sendEmail; emailEnabled?: boolean },
  database: Db = db(),
): Promise<TIssuedPasswordReset> {
  const { userId } = ZIssuePasswordResetSchema.parse(options.input);
  const now = options.now ?? new Date();
  const token = newResetToken();
  const expiresAt = new Date(now.getTime() + RESET_LINK_TTL_MS);
  const user = await database.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, disabled: true } });
    if (!target) throw new AppError("not_found", "That user no longer exists.");
    if (target.disabled) throw new AppError("conflict", `${target.email} is disabled; enable the account first.`);
    await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    await tx.passwordResetToken.create({ data: { userId, tokenHash: hashResetToken(token), createdById: options.actorId, createdAt: now, expiresAt } });
    await recordAudit(tx, { actorId: options.actorId, action: "user.password-reset-issued", subjectType: "user", subjectId: userId, details: { email: target.email, expiresAt: expiresAt.toISOString() } });
    return target;
  });
  const link = resetLinkFor(options.baseUrl, token);
  let emailed = false;
  let emailError: string | null = null;
  if (options.emailEnabled ?? emailConfigured()) {
    const text = `Hello ${user.name},\n\nAn administrator has issued a link for you to choose a new Ballast password:\n\n${link}\n\nIt works once, until ${expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC. Using it signs you out everywhere.\nIf you did not expect this, tell your administrator.\n`;
    try {
      await (options.send ?? sendEmail)({ to: user.email, subject: "Choose a new Ballast password", text });
      emailed = true;
    } catch (error) {
      emailError = error instanceof Error ? error.message : String(error);
      logger.warn({ err: error, userId }, "could not email a password-reset link; the admin hands it over instead");
    }
  }
  return { email: user.email, link, expiresAt, emailed, emailError };
}
