// Revokes an API token (admins only, checked by the caller): the next request with it gets 401. Revoking twice is
// harmless and writes one audit row.
import "server-only";
import { recordAudit } from "../audit/record-audit";
import { db, type Db } from "../db";
import { AppError } from "../errors";
import { ZRevokeApiTokenSchema } from "./schemas";

export async function revokeApiToken(options: { actorId: string; input: unknown; now?: Date }, database: Db = db()): Promise<{ id: string; name: string; alreadyRevoked: boolean }> {
  const { tokenId } = ZRevokeApiTokenSchema.parse(options.input);
  const now = options.now ?? new Date();
  return database.$transaction(async (tx) => {
    // Conditional update: of two concurrent revokes, one changes the row and audits it.
    const { count } = await tx.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: now } });
    const token = await tx.apiToken.findUnique({ where: { id: tokenId }, select: { id: true, name: true, prefix: true, userId: true } });
    if (!token) throw new AppError("not_found", "That token no longer exists.");
    if (count === 1) {
      await recordAudit(tx, { actorId: options.actorId, action: "api-token.revoke", subjectType: "api-token", subjectId: token.id, details: { name: token.name, prefix: token.prefix, userId: token.userId } });
    }
    return { id: token.id, name: token.name, alreadyRevoked: count === 0 };
  });
}
