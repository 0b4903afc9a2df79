// Delivery signatures, in the style receivers already verify (Stripe, Standard Webhooks): the sender puts the Unix time
// in `Ballast-Timestamp` and `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` in `Ballast-Signature`; the receiver
// recomputes it over the raw body, compares in constant time, and refuses timestamps more than 5 minutes from its
// clock (a captured delivery cannot be replayed later). `verifyWebhookSignature` is the receiver's side: our tests use
// it, and receivers written in Node can copy it as is (it needs only node:crypto).
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIMESTAMP_HEADER = "Ballast-Timestamp";
export const SIGNATURE_HEADER = "Ballast-Signature";
export const DELIVERY_ID_HEADER = "Ballast-Delivery-Id";
export const EVENT_HEADER = "Ballast-Event";

export function signatureFor(secret: string, timestampSeconds: number, body: string | Buffer): string {
  return `v1=${createHmac("sha256", secret).update(`${timestampSeconds}.`).update(body).digest("hex")}`;
}

/** The headers a delivery carries besides Content-Type. */
export function signedHeaders(options: { secret: string; body: string; deliveryId: string; event: string; nowMs?: number }): Record<string, string> {
  const timestamp = Math.floor((options.nowMs ?? Date.now()) / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signatureFor(options.secret, timestamp, options.body),
    [DELIVERY_ID_HEADER]: options.deliveryId,
    [EVENT_HEADER]: options.event,
  };
}

export type TVerifyResult = { ok: true } | { ok: false; reason: string };

/** Receiver side: `headers` as received (any letter case), `rawBody` exactly as received. */
export function verifyWebhookSignature(options: { secret: string; headers: Record<string, string | string[] | undefined>; rawBody: string | Buffer; toleranceSeconds?: number; nowMs?: number }): TVerifyResult {
  const header = (name: string) => {
    const value = Object.entries(options.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    return Array.isArray(value) ? value[0] : value;
  };
  const timestamp = Number(header(TIMESTAMP_HEADER));
  const signatures = (header(SIGNATURE_HEADER) ?? "").split(/[ ,]+/).filter((part) => part.startsWith("v1="));
  if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: "missing timestamp or signature" };
  const ageSeconds = Math.abs((options.nowMs ?? Date.now()) / 1000 - timestamp);
  if (ageSeconds > (options.toleranceSeconds ?? 300)) return { ok: false, reason: "timestamp too old (or in the future)" };
  const expected = Buffer.from(signatureFor(options.secret, timestamp, options.rawBody));
  // Several v1= signatures may be sent while a secret is being rotated: any one matching is enough.
  const matches = signatures.some((signature) => signature.length === expected.length && timingSafeEqual(Buffer.from(signature), expected));
  return matches ? { ok: true } : { ok: false, reason: "signature does not match" };
}
