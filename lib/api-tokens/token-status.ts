// Whether a token still works, as the list shows it and as a request is judged.
import type { TApiTokenStatus } from "./schemas";

export function apiTokenStatusOf(token: { expiresAt: Date; revokedAt: Date | null }, now: Date = new Date()): TApiTokenStatus {
  if (token.revokedAt) return "revoked";
  return token.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}
