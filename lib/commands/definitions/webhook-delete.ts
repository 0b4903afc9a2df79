// webhook.delete – delete a webhook and its delivery log.
import { defineCommand } from "../define-command";
import { WEBHOOK_KIND } from "../../webhooks/constants";
import { ZDeleteWebhookSchema } from "../../webhooks/schemas";
import { deleteWebhookInTx } from "../../webhooks/webhook-config";

export const webhookDelete = defineCommand({
  type: "webhook.delete",
  version: 1,
  summary: "Delete an outbound webhook and its delivery log.",
  permission: "webhooks:manage",
  input: ZDeleteWebhookSchema,
  documentOf: (message) => ({ kind: WEBHOOK_KIND, id: message.input.webhookId }),
  apply: (tx, { actor, message }) => deleteWebhookInTx(tx, { actorId: actor.id, input: message.input }),
});
