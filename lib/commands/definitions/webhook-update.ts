// webhook.update – replace a webhook's settings (a new secret, if given, is sealed at the door; none keeps the old).
import { defineCommand } from "../define-command";
import { WEBHOOK_KIND } from "../../webhooks/constants";
import { ZUpdateWebhookSchema } from "../../webhooks/schemas";
import { updateWebhookInTx } from "../../webhooks/webhook-config";
import { sealWebhookSecretInput } from "../../webhooks/webhook-secret";

export const webhookUpdate = defineCommand({
  type: "webhook.update",
  version: 1,
  summary: "Replace an outbound webhook's settings (name, url, kinds, events, enabled; secret optional: none keeps the stored one).",
  permission: "webhooks:manage",
  input: ZUpdateWebhookSchema,
  prepare: sealWebhookSecretInput,
  documentOf: (message) => ({ kind: WEBHOOK_KIND, id: message.input.webhookId }),
  apply: (tx, { actor, message }) => updateWebhookInTx(tx, { actorId: actor.id, input: message.input }),
});
