// What the admin's webhook pages show: the webhooks (never their secrets) with their delivery counts, and one
// webhook's delivery log (newest first).
import { db, type Db } from "../db";
import { listDocumentKinds } from "../publishing/document-registry";
import { listDeliveries } from "./webhook-deliveries";

export async function getWebhooksAdminView(database: Db = db()) {
  const [webhooks, counts] = await Promise.all([
    database.webhook.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true, url: true, kinds: true, events: true, enabled: true, createdAt: true } }),
    database.webhookDelivery.groupBy({ by: ["webhookId", "status"], _count: { _all: true } }),
  ]);
  const countOf = (webhookId: string, status: string) => counts.find((row) => row.webhookId === webhookId && row.status === status)?._count._all ?? 0;
  return {
    kinds: listDocumentKinds(),
    webhooks: webhooks.map((webhook) => ({ ...webhook, pending: countOf(webhook.id, "pending"), succeeded: countOf(webhook.id, "succeeded"), failed: countOf(webhook.id, "failed") })),
  };
}

export async function getWebhookAdminViewOrNull(webhookId: string, database: Db = db()) {
  const webhook = await database.webhook.findUnique({ where: { id: webhookId }, select: { id: true, name: true, url: true, kinds: true, events: true, enabled: true, createdAt: true } });
  if (!webhook) return null;
  return { webhook, kinds: listDocumentKinds(), deliveries: await listDeliveries(database, { webhookId }) };
}
