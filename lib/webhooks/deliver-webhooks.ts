// Sends due webhook deliveries: claim a batch under a lease, POST each (signed, through the one SSRF guard with a
// timeout and a response-size cap) with a few in flight, record each outcome. Nothing here runs inside a transaction.
import pLimit from "p-limit";
import type { Db } from "../db";
import type { TFetchAllowlist } from "../http/fetch-allowlist";
import { safeFetch, SafeFetchError, type TResolvedAddress } from "../http/safe-fetch";
import { DELIVERY_TIMEOUT_MS, MAX_RESPONSE_BYTES } from "./constants";
import { signedHeaders } from "./sign-webhook";
import { claimDueDeliveries, recordAttempt, type TAttemptOutcome, type TClaimedDelivery } from "./webhook-deliveries";
import { openWebhookSecret } from "./webhook-secret";

export type TDeliverOptions = {
  /** The clock deliveries are scheduled by (tests move it forward instead of sleeping through backoff). */
  now?: () => Date;
  limit?: number;
  concurrency?: number;
  timeoutMs?: number;
  /** Default: FETCH_ALLOWLIST. */
  allowlist?: TFetchAllowlist;
  resolve?: (host: string) => Promise<TResolvedAddress[]>;
};

export type TDeliveryResult = { deliveryId: string; webhookId: string; status: "succeeded" | "pending" | "failed" | "lost" } & TAttemptOutcome;

const USER_AGENT = "Ballast webhooks (+https://github.com/ballast-cms)";
const MAX_ERROR_LENGTH = 300;

async function attempt(delivery: TClaimedDelivery, options: TDeliverOptions): Promise<TAttemptOutcome> {
  let secret: string;
  try {
    secret = openWebhookSecret(delivery.secretSealed);
  } catch (error) {
    return { ok: false, statusCode: null, error: (error as Error).message };
  }
  try {
    const response = await safeFetch(delivery.url, {
      method: "POST",
      body: delivery.body,
      userAgent: USER_AGENT,
      // The timestamp is the real time of sending: receivers compare it with their own clock.
      headers: { "content-type": "application/json", ...signedHeaders({ secret, body: delivery.body, deliveryId: delivery.id, event: delivery.event }) },
      timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      maxBytes: MAX_RESPONSE_BYTES,
      ...(options.allowlist ? { allowlist: options.allowlist } : {}),
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
    const ok = response.status >= 200 && response.status < 300;
    const excerpt = response.body.toString("utf8", 0, Math.min(response.body.length, 200)).replace(/\s+/g, " ").trim();
    return { ok, statusCode: response.status, error: ok ? null : `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ""}`.slice(0, MAX_ERROR_LENGTH) };
  } catch (error) {
    const message = error instanceof SafeFetchError ? error.message : error instanceof Error ? error.message : String(error);
    return { ok: false, statusCode: null, error: message.slice(0, MAX_ERROR_LENGTH) };
  }
}

/** One round: claims what is due and sends it; returns what happened to each (empty when nothing was due). */
export async function deliverDueWebhooks(database: Db, options: TDeliverOptions = {}): Promise<TDeliveryResult[]> {
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? 4;
  const claimed = await claimDueDeliveries(database, { now: now(), limit: options.limit ?? concurrency * 4 });
  const limit = pLimit(concurrency);
  return Promise.all(
    claimed.map((delivery) =>
      limit(async () => {
        const outcome = await attempt(delivery, options);
        const status = await recordAttempt(database, delivery, outcome, now());
        return { deliveryId: delivery.id, webhookId: delivery.webhookId, status, ...outcome };
      }),
    ),
  );
}
