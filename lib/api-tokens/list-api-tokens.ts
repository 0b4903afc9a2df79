// Every API token for the admin list, newest first, with its owner and status; never the secret or its hash.
import "server-only";
import { db, type Db } from "../db";
import type { TApiTokenSummary } from "./schemas";
import { apiTokenStatusOf } from "./token-status";

const MAX_LISTED = 500;

export async function listApiTokens(options: { now?: Date } = {}, database: Db = db()): Promise<TApiTokenSummary[]> {
  const now = options.now ?? new Date();
  const tokens = await database.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    take: MAX_LISTED,
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, disabled: true } },
      createdBy: { select: { email: true } },
    },
  });
  return tokens.map((token) => ({ ...token, status: apiTokenStatusOf(token, now) }));
}
