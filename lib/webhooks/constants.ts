// Webhook settings shared by the schemas, the delivery worker and the admin.

/** The events a webhook can subscribe to; `test` is only ever sent by "Send a test event". */
export const WEBHOOK_EVENTS = ["published", "rolled_back", "deleted", "dead_letter"] as const;
export type TWebhookEvent = (typeof WEBHOOK_EVENTS)[number] | "test";

export const WEBHOOK_EVENT_LABELS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  published: "published (a new version is out)",
  rolled_back: "rolled back (an earlier version is out again)",
  deleted: "deleted (taken down: its objects are removed)",
  dead_letter: "dead letter (a change to it could not be applied)",
};

/** The write queue's document kind for webhook settings changes (they are applied in order per webhook). */
export const WEBHOOK_KIND = "webhook";

export const MAX_WEBHOOKS_KINDS = 20;
/** First retry 10 s after a failure, doubling, at most an hour apart; after a day of failures: failed. */
export const FIRST_RETRY_MS = 10_000;
export const MAX_RETRY_MS = 60 * 60 * 1000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
/** Per attempt: the whole exchange, and the most response bytes read (the body is only kept as an excerpt). */
export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** How long a claimed delivery stays with its worker before another may take it (longer than one attempt). */
export const DELIVERY_LEASE_MS = 60_000;
/** Receivers should refuse a signature whose timestamp is further than this from their clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;
export const MIN_SECRET_LENGTH = 16;
