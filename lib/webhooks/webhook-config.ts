// Webhook settings changes, applied by the apply worker inside the transaction that records the command (the write
// queue carries them like every other change). The secret is stored only sealed; audit rows never name it.
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { ZCreateWebhookSchema, ZDeleteWebhookSchema, ZUpdateWebhookSchema } from "./schemas";
import { sealWebhookSecretInput } from "./webhook-secret";

function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

export async function createWebhookInTx(tx: Prisma.TransactionClient, options: { actorId: string; webhookId: string; input: unknown }) {
  // A plain secret reaching apply (it should have been sealed at the door) is sealed here, never stored as is.
  const input = sealWebhookSecretInput(ZCreateWebhookSchema.parse(options.input));
  if (!input.secretSealed) throw new AppError("invalid_input", "A webhook needs a secret.", { secret: "Give a secret of at least 16 characters." });
  await tx.webhook.create({ data: { id: options.webhookId, name: input.name, url: input.url, kinds: input.kinds, events: input.events, enabled: input.enabled, secretSealed: input.secretSealed, createdById: options.actorId } });
  await recordAudit(tx, { actorId: options.actorId, action: "webhook.create", subjectType: "webhook", subjectId: options.webhookId, details: { name: input.name, origin: urlOrigin(input.url), kinds: input.kinds, events: input.events } });
  return { version: null };
}

export async function updateWebhookInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = sealWebhookSecretInput(ZUpdateWebhookSchema.parse(options.input));
  const existing = await tx.webhook.findUnique({ where: { id: input.webhookId }, select: { id: true } });
  if (!existing) throw new AppError("not_found", "That webhook no longer exists.");
  await tx.webhook.update({
    where: { id: input.webhookId },
    data: { name: input.name, url: input.url, kinds: input.kinds, events: input.events, enabled: input.enabled, ...(input.secretSealed ? { secretSealed: input.secretSealed } : {}) },
  });
  await recordAudit(tx, { actorId: options.actorId, action: "webhook.update", subjectType: "webhook", subjectId: input.webhookId, details: { name: input.name, origin: urlOrigin(input.url), kinds: input.kinds, events: input.events, enabled: input.enabled, secretChanged: Boolean(input.secretSealed) } });
  return { version: null };
}

/** Deletes the webhook and its delivery log; deliveries in flight finish, and their record is dropped. */
export async function deleteWebhookInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const { webhookId } = ZDeleteWebhookSchema.parse(options.input);
  const deleted = await tx.webhook.deleteMany({ where: { id: webhookId } });
  if (deleted.count === 0) throw new AppError("not_found", "That webhook no longer exists.");
  await recordAudit(tx, { actorId: options.actorId, action: "webhook.delete", subjectType: "webhook", subjectId: webhookId });
  return { version: null };
}
