// webhook.create – a new outbound webhook (URL, document kinds, events, secret); the request assigns its id and seals
// the secret before the command is queued (a webhook created through the API must send its own secret).
import { defineCommand } from "../define-command";
import { WEBHOOK_KIND } from "../../webhooks/constants";
import { ZCreateWebhookSchema } from "../../webhooks/schemas";
import { createWebhookInTx } from "../../webhooks/webhook-config";
import { sealWebhookSecretInput } from "../../webhooks/webhook-secret";
import { AppError } from "../../errors";

export const webhookCreate = defineCommand({
  type: "webhook.create",
  version: 1,
  summary: "Create an outbound webhook: a signed POST to `url` when a document of the chosen kinds (none: every kind) is published, rolled back, deleted or dead-lettered.",
  permission: "webhooks:manage",
  input: ZCreateWebhookSchema,
  assignedIds: ["webhookId"],
  prepare: (input) => {
    if (input.secret === undefined && input.secretSealed === undefined) throw new AppError("invalid_input", "A webhook needs a secret.", { secret: "Give a secret of at least 16 characters." });
    return sealWebhookSecretInput(input);
  },
  documentOf: (message) => ({ kind: WEBHOOK_KIND, id: message.webhookId }),
  apply: (tx, { actor, message }) => createWebhookInTx(tx, { actorId: actor.id, webhookId: message.webhookId, input: message.input }),
});
