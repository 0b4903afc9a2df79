// The `webhook_deliveries` table's statements, in one place. A delivery is enqueued by the statement (or transaction)
// that records its event: `webhookDeliveriesInsertSql` is spliced into the publish record's fence CTE, the
// withdrawal's and the dead-letter record's, so a publish pays no extra round trip and an event is never lost nor
// sent for something that did not happen. Workers claim due deliveries with a lease (FOR UPDATE SKIP LOCKED), send
// them outside any transaction, and record the outcome only if the lease is still theirs.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { DELIVERY_LEASE_MS, FIRST_RETRY_MS, GIVE_UP_AFTER_MS, MAX_RETRY_MS, type TWebhookEvent } from "./constants";

export type TWebhookEventFacts = {
  event: TWebhookEvent;
  kind: string | null;
  documentId: string | null;
  version: number | null;
  /** The JSON body every subscribed webhook receives (see buildEventBody). */
  body: string;
};

/** The one INSERT of deliveries: a row per enabled webhook subscribed to this event and kind (an empty kinds list
 * means every kind); with `from`, once per row of `from` (a fence CTE that held, or none). */
export function webhookDeliveriesInsertSql(facts: TWebhookEventFacts, from?: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO webhook_deliveries (id, webhook_id, event, document_kind, document_id, version, body, next_attempt_at)
    SELECT gen_random_uuid(), w.id, ${facts.event}, ${facts.kind}, ${facts.documentId}, ${facts.version}::int, ${facts.body}, now()
    FROM webhooks w${from ? Prisma.sql`, ${from}` : Prisma.empty}
    WHERE w.enabled AND ${facts.event} = ANY(w.events) AND (cardinality(w.kinds) = 0 OR ${facts.kind ?? ""} = ANY(w.kinds))`;
}

export async function enqueueWebhookDeliveries(tx: Prisma.TransactionClient, facts: TWebhookEventFacts): Promise<number> {
  return tx.$executeRaw`${webhookDeliveriesInsertSql(facts)}`;
}

export type TClaimedDelivery = {
  id: string;
  webhookId: string;
  event: string;
  body: string;
  attempts: number;
  createdAt: Date;
  leaseUntil: Date;
  url: string;
  secretSealed: string;
};

/** Takes up to `limit` due deliveries for this worker until `now + DELIVERY_LEASE_MS`. */
export async function claimDueDeliveries(database: Db, options: { now: Date; limit: number }): Promise<TClaimedDelivery[]> {
  const leaseUntil = new Date(options.now.getTime() + DELIVERY_LEASE_MS);
  return database.$queryRaw<TClaimedDelivery[]>`
    WITH due AS (
      SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= ${options.now} AND (lease_until IS NULL OR lease_until < ${options.now})
      ORDER BY next_attempt_at LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    UPDATE webhook_deliveries d SET lease_until = ${leaseUntil}
    FROM due, webhooks w
    WHERE d.id = due.id AND w.id = d.webhook_id
    RETURNING d.id::text AS id, d.webhook_id::text AS "webhookId", d.event, d.body, d.attempts, d.created_at AS "createdAt",
      d.lease_until AS "leaseUntil", w.url, w.secret_sealed AS "secretSealed"`;
}

/** Capped exponential backoff: 10 s after the first failure, doubling, at most an hour, with ±10 % jitter. */
export function retryDelayMs(attemptsSoFar: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attemptsSoFar - 1));
  return Math.round(base * (0.9 + 0.2 * random()));
}

export type TAttemptOutcome = { ok: boolean; statusCode: number | null; error: string | null };

/** Records one attempt if the lease is still ours: succeeded, or pending again after the backoff, or failed once the
 * delivery has been retried for a day (the last retry falls exactly at the day's end). Returns the new status. */
export async function recordAttempt(database: Db, delivery: TClaimedDelivery, outcome: TAttemptOutcome, now: Date): Promise<"succeeded" | "pending" | "failed" | "lost"> {
  const attempts = delivery.attempts + 1;
  const giveUpAt = delivery.createdAt.getTime() + GIVE_UP_AFTER_MS;
  const status = outcome.ok ? "succeeded" : now.getTime() >= giveUpAt ? "failed" : "pending";
  const nextAttemptAt = new Date(Math.min(now.getTime() + retryDelayMs(attempts), giveUpAt));
  const updated = await database.$executeRaw`
    UPDATE webhook_deliveries SET attempts = ${attempts}, last_attempt_at = ${now}, last_status_code = ${outcome.statusCode}::int,
      last_error = ${outcome.error}, lease_until = NULL, status = ${status}::"WebhookDeliveryStatus",
      delivered_at = ${outcome.ok ? now : null}::timestamptz, next_attempt_at = ${status === "pending" ? nextAttemptAt : now}
    WHERE id = ${delivery.id}::uuid AND lease_until = ${delivery.leaseUntil}`;
  return updated === 1 ? status : "lost";
}

/** "Redeliver": a new delivery of the same body to the same webhook, due now. */
export async function insertRedeliverySql(tx: Prisma.TransactionClient, deliveryId: string): Promise<{ id: string; webhookId: string } | null> {
  const [row] = await tx.$queryRaw<{ id: string; webhookId: string }[]>`
    INSERT INTO webhook_deliveries (id, webhook_id, event, document_kind, document_id, version, body, next_attempt_at, redelivery_of)
    SELECT gen_random_uuid(), webhook_id, event, document_kind, document_id, version, body, now(), id
    FROM webhook_deliveries WHERE id = ${deliveryId}::uuid
    RETURNING id::text AS id, webhook_id::text AS "webhookId"`;
  return row ?? null;
}

/** A delivery to one webhook whatever it subscribes to ("Send a test event"). */
export async function insertDirectDelivery(tx: Prisma.TransactionClient, webhookId: string, facts: TWebhookEventFacts): Promise<string> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO webhook_deliveries (id, webhook_id, event, document_kind, document_id, version, body, next_attempt_at)
    VALUES (gen_random_uuid(), ${webhookId}::uuid, ${facts.event}, ${facts.kind}, ${facts.documentId}, ${facts.version}::int, ${facts.body}, now())
    RETURNING id::text AS id`;
  return row!.id;
}

export function listDeliveries(database: Db, options: { webhookId: string; limit?: number }) {
  return database.webhookDelivery.findMany({
    where: { webhookId: options.webhookId },
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 50,
    select: { id: true, event: true, documentKind: true, documentId: true, version: true, status: true, attempts: true, lastStatusCode: true, lastError: true, lastAttemptAt: true, nextAttemptAt: true, deliveredAt: true, createdAt: true, redeliveryOf: true },
  });
}
