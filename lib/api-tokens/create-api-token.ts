// Creates an API token for an enabled user (admins only, checked by the caller). The secret is returned once and
// only its hash is stored; an audit row is written in the same transaction.
import "server-only";
import { recordAudit } from "../audit/record-audit";
import { db, type Db } from "../db";
import { AppError } from "../errors";
import { MAX_TOKEN_LIFETIME_DAYS, ZCreateApiTokenSchema, type TApiTokenSummary } from "./schemas";
import { displayPrefixOf, generateApiTokenSecret, hashApiTokenSecret } from "./token-secret";
import { apiTokenStatusOf } from "./token-status";

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a token made now with this input expires; a bare date means the end of that day (UTC). */
export function expiryFor(input: { expiresInDays?: number; expiresAt?: string }, now: Date): Date {
  if (input.expiresInDays !== undefined) return new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const raw = input.expiresAt!;
  const latest = new Date(now.getTime() + MAX_TOKEN_LIFETIME_DAYS * DAY_MS);
  const isDateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const expiresAt = isDateOnly ? new Date(`${raw}T23:59:59.999Z`) : new Date(raw);
  const tooLate = isDateOnly ? raw > latest.toISOString().slice(0, 10) : expiresAt > latest;
  if (expiresAt <= now) throw new AppError("invalid_input", "The expiry must be in the future.", { expiresAt: "The expiry must be in the future." });
  if (tooLate) {
    const message = `The expiry must be at most ${MAX_TOKEN_LIFETIME_DAYS} days from now.`;
    throw new AppError("invalid_input", message, { expiresAt: message });
  }
  return expiresAt;
}

export async function createApiToken(options: { actorId: string; input: unknown; now?: Date }, database: Db = db()): Promise<{ token: TApiTokenSummary; secret: string }> {
  const input = ZCreateApiTokenSchema.parse(options.input);
  const now = options.now ?? new Date();
  const expiresAt = expiryFor(input, now);
  const secret = generateApiTokenSecret();
  const prefix = displayPrefixOf(secret);
  const token = await database.$transaction(async (tx) => {
    const owner = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, disabled: true } });
    if (!owner) throw new AppError("not_found", "That user no longer exists.", { userId: "That user no longer exists." });
    if (owner.disabled) throw new AppError("invalid_input", `${owner.email} is disabled; enable the account before giving it a token.`, { userId: "This user is disabled." });
    const created = await tx.apiToken.create({
      data: { userId: owner.id, name: input.name, tokenHash: hashApiTokenSecret(secret), prefix, createdById: options.actorId, expiresAt, createdAt: now },
      include: { user: { select: { id: true, email: true, name: true, role: true, disabled: true } }, createdBy: { select: { email: true } } },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "api-token.create",
      subjectType: "api-token",
      subjectId: created.id,
      details: { name: created.name, prefix, userId: owner.id, userEmail: owner.email, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  return {
    token: {
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      user: token.user,
      createdBy: token.createdBy,
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      revokedAt: token.revokedAt,
      lastUsedAt: token.lastUsedAt,
      status: apiTokenStatusOf(token, now),
    },
    secret,
  };
}
