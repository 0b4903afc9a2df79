// The admin's delivery actions, each one short transaction with its audit row: "Redeliver" queues the same body to the
// same webhook again (a new delivery, due now); "Send a test event" queues a `test` event to one webhook.
import { db, type Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { eventFacts } from "./event-body";
import { ZWebhookDeliveryRefSchema, ZWebhookRefSchema } from "./schemas";
import { insertDirectDelivery, insertRedeliverySql } from "./webhook-deliveries";

export async function redeliverWebhook(options: { actorId: string; input: unknown }, database: Db = db()): Promise<{ deliveryId: string; webhookId: string }> {
  const { deliveryId } = ZWebhookDeliveryRefSchema.parse(options.input);
  return database.$transaction(async (tx) => {
    const created = await insertRedeliverySql(tx, deliveryId);
    if (!created) throw new AppError("not_found", "That delivery no longer exists.");
    await recordAudit(tx, { actorId: options.actorId, action: "webhook.redeliver", subjectType: "webhook", subjectId: created.webhookId, details: { of: deliveryId, delivery: created.id } });
    return { deliveryId: created.id, webhookId: created.webhookId };
  });
}

export async function sendTestWebhookEvent(options: { actorId: string; input: unknown; now?: Date }, database: Db = db()): Promise<{ deliveryId: string }> {
  const { webhookId } = ZWebhookRefSchema.parse(options.input);
  return database.$transaction(async (tx) => {
    const webhook = await tx.webhook.findUnique({ where: { id: webhookId }, select: { id: true, name: true } });
    if (!webhook) throw new AppError("not_found", "That webhook no longer exists.");
    const facts = eventFacts({ event: "test", kind: null, documentId: null, version: null, time: options.now ?? new Date(), extra: { webhook: { id: webhook.id, name: webhook.name } } });
    const deliveryId = await insertDirectDelivery(tx, webhookId, facts);
    await recordAudit(tx, { actorId: options.actorId, action: "webhook.test", subjectType: "webhook", subjectId: webhookId, details: { delivery: deliveryId } });
    return { deliveryId };
  });
}
