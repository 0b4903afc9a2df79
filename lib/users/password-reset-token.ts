// Reset tokens: 32 random bytes in the link; only their SHA-256 is stored, so the table cannot be used to reset.
import { createHash, randomBytes } from "node:crypto";

export const RESET_LINK_TTL_MS = 60 * 60 * 1000;

export function newResetToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function resetLinkFor(baseUrl: string, token: string): string {
  return new URL(`/reset-password/${token}`, baseUrl).toString();
}
