// Webhook settings as the admin form and the API send them (safe to import from client forms). A secret arrives in
// clear (`secret`, or none: the door generates one) and is sealed at the door (`secretSealed`) before it is queued.
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";
import { MAX_WEBHOOKS_KINDS, MIN_SECRET_LENGTH, WEBHOOK_EVENTS } from "./constants";
import { outboundUrlSchema } from "../http/outbound-url-schema";

export const ZWebhookUrlSchema = outboundUrlSchema({
  required: "URL is required.",
  example: "https://hooks.example.com/ballast",
  protocol: "The URL must start with https:// (or http://).",
  credentials: "The URL must not carry a user name or password; receivers check the signature instead.",
});

const ZKindSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "Unknown document kind.");

const ZWebhookFields = z.object({
  name: ZSafeText({ label: "Name" }).trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters."),
  url: ZWebhookUrlSchema,
  /** Empty: every kind of document. */
  kinds: z.array(ZKindSchema).max(MAX_WEBHOOKS_KINDS, "Too many kinds.").default([]),
  events: z.array(z.enum(WEBHOOK_EVENTS, { message: "Choose events among published, rolled_back, deleted and dead_letter." })).min(1, "Choose at least one event."),
  enabled: z.boolean().default(true),
});

const ZPlainSecret = ZSafeText({ label: "Secret" }).min(MIN_SECRET_LENGTH, `The secret must be at least ${MIN_SECRET_LENGTH} characters (or leave it empty to generate one).`).max(200, "The secret can be at most 200 characters.");

export const ZCreateWebhookSchema = ZWebhookFields.extend({
  secret: ZPlainSecret.optional(),
  secretSealed: z.string().max(1000).optional(),
});
export type TCreateWebhook = z.infer<typeof ZCreateWebhookSchema>;

export const ZUpdateWebhookSchema = ZWebhookFields.extend({
  webhookId: z.uuid("Unknown webhook."),
  /** None: keep the stored secret. */
  secret: ZPlainSecret.optional(),
  secretSealed: z.string().max(1000).optional(),
});

export const ZDeleteWebhookSchema = z.object({ webhookId: z.uuid("Unknown webhook.") });
export const ZWebhookDeliveryRefSchema = z.object({ deliveryId: z.uuid("Unknown delivery.") });
export const ZWebhookRefSchema = z.object({ webhookId: z.uuid("Unknown webhook.") });
