// Secrets kept at rest (a feed's API-key header, a webhook's signing secret) are sealed with AES-256-GCM under a key
// derived from AUTH_SECRET with HKDF-SHA-256: `purpose` picks the key (HKDF info), `context` is bound as associated
// data (a value sealed for one header or webhook cannot be replayed as another). Format: v1.<iv>.<tag>.<ciphertext>.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { readEnv } from "../env";

const VERSION = "v1";
const HKDF_SALT = "ballast";

export type TSealing = { purpose: string; context: string };

export class SecretUnavailableError extends Error {}

function keyFrom(secret: string | undefined, purpose: string): Buffer {
  if (!secret) throw new SecretUnavailableError("AUTH_SECRET is not set, so secrets cannot be sealed or opened.");
  return Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, purpose, 32));
}

export function sealSecret(value: string, sealing: TSealing, secret: string | undefined = readEnv().AUTH_SECRET): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret, sealing.purpose), iv);
  cipher.setAAD(Buffer.from(sealing.context));
  const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Throws SecretUnavailableError (with `what` in its message) when the value was sealed under another AUTH_SECRET,
 * for another context, or tampered with. */
export function openSecret(sealed: string, sealing: TSealing & { what: string }, secret: string | undefined = readEnv().AUTH_SECRET): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new SecretUnavailableError(`The stored value of ${sealing.what} is not readable.`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret, sealing.purpose), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(sealing.context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    if (error instanceof SecretUnavailableError) throw error;
    throw new SecretUnavailableError(`The stored value of ${sealing.what} cannot be opened (was AUTH_SECRET changed?). Set it again.`);
  }
}
