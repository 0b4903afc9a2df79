// The token secret and what is stored of it: a SHA-256 hash (the secret has 256 random bits, so a fast hash is
// enough; a slow KDF would only slow every API request) and a short prefix for people to recognise it by.
import { createHash, randomBytes } from "node:crypto";
import { API_TOKEN_SECRET_PREFIX } from "./schemas";

const DISPLAY_PREFIX_LENGTH = API_TOKEN_SECRET_PREFIX.length + 6;

export function generateApiTokenSecret(): string {
  return `${API_TOKEN_SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashApiTokenSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function displayPrefixOf(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}
