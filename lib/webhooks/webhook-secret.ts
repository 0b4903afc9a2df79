// A webhook's signing secret: generated at the door when the admin gives none (shown once), sealed there before the
// command is queued (lib/secrets/sealed-secret.ts, key from AUTH_SECRET), so the queue, the database, the audit log and
// the logs never hold it; opened only by the worker that signs deliveries.
import { randomBytes } from "node:crypto";
import { AppError } from "../errors";
import { openSecret, sealSecret, SecretUnavailableError, type TSealing } from "../secrets/sealed-secret";

const SEALING: TSealing = { purpose: "webhook signing secrets v1", context: "webhook-secret" };

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export function sealWebhookSecret(secret: string): string {
  try {
    return sealSecret(secret, SEALING);
  } catch (error) {
    if (error instanceof SecretUnavailableError) throw new AppError("unavailable", error.message);
    throw error;
  }
}

export function openWebhookSecret(sealed: string): string {
  return openSecret(sealed, { ...SEALING, what: "the webhook's secret" });
}

/** The request side (a command's `prepare`): a plain secret is replaced by its sealed form before queueing. */
export function sealWebhookSecretInput<T extends { secret?: string; secretSealed?: string }>(input: T): T {
  if (input.secret === undefined) return input;
  const { secret, ...rest } = input;
  return { ...rest, secretSealed: sealWebhookSecret(secret) } as T;
}
