"use server";
// Webhook server actions (admins): each parses its input, authenticates, authorises, then calls one lib/ use case.
// Settings changes are queued (a worker applies them); Redeliver and Send a test event queue a delivery at once.
import { revalidatePath } from "next/cache";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { toActionError, type TActionResult } from "@/lib/errors";
import { requestWebhookChange, type TWebhookCommand } from "@/lib/webhooks/request-webhook-change";
import { redeliverWebhook, sendTestWebhookEvent } from "@/lib/webhooks/request-webhook-delivery";
import { ZCreateWebhookSchema, ZDeleteWebhookSchema, ZUpdateWebhookSchema, ZWebhookDeliveryRefSchema, ZWebhookRefSchema } from "@/lib/webhooks/schemas";

export type TQueuedWebhookChange = { commandId: string; webhookId: string; generatedSecret: string | null };

function fieldsFrom(formData: FormData) {
  const secret = String(formData.get("secret") ?? "");
  return {
    name: String(formData.get("name") ?? ""),
    url: String(formData.get("url") ?? ""),
    kinds: formData.getAll("kinds").map(String),
    events: formData.getAll("events").map(String),
    enabled: formData.get("enabled") === "on" || formData.get("enabled") === "true",
    ...(secret ? { secret } : {}),
  };
}

async function queueWebhookCommand(command: TWebhookCommand, message: string): Promise<TActionResult<TQueuedWebhookChange>> {
  const user = await authorizeOrThrow("webhooks:manage");
  const queued = await requestWebhookChange({ actor: { id: user.id, role: user.role }, command });
  revalidatePath("/admin/webhooks");
  return { ok: true, data: queued, message };
}

// saveWebhookAction – create a webhook, or replace an existing one's settings
export async function saveWebhookAction(_previous: TActionResult<TQueuedWebhookChange> | null, formData: FormData): Promise<TActionResult<TQueuedWebhookChange>> {
  try {
    const webhookId = String(formData.get("webhookId") ?? "");
    if (!webhookId) {
      const input = ZCreateWebhookSchema.parse(fieldsFrom(formData));
      return await queueWebhookCommand({ type: "webhook.create", input }, "Queued: the webhook is saved in a moment.");
    }
    const input = ZUpdateWebhookSchema.parse({ ...fieldsFrom(formData), webhookId });
    return await queueWebhookCommand({ type: "webhook.update", input }, "Queued: the new settings apply in a moment.");
  } catch (error) {
    return toActionError(error, { action: "saveWebhook" });
  }
}

// deleteWebhookAction – delete a webhook and its delivery log
export async function deleteWebhookAction(_previous: TActionResult<TQueuedWebhookChange> | null, formData: FormData): Promise<TActionResult<TQueuedWebhookChange>> {
  try {
    const input = ZDeleteWebhookSchema.parse({ webhookId: formData.get("webhookId") });
    return await queueWebhookCommand({ type: "webhook.delete", input }, "Queued: the webhook is deleted in a moment.");
  } catch (error) {
    return toActionError(error, { action: "deleteWebhook" });
  }
}

// redeliverAction – send a delivery's body to its webhook again
export async function redeliverAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const input = ZWebhookDeliveryRefSchema.parse({ deliveryId: formData.get("deliveryId") });
    const user = await authorizeOrThrow("webhooks:manage");
    const { webhookId } = await redeliverWebhook({ actorId: user.id, input });
    revalidatePath(`/admin/webhooks/${webhookId}`);
    return { ok: true, data: undefined, message: "Queued for redelivery." };
  } catch (error) {
    return toActionError(error, { action: "redeliver" });
  }
}

// sendTestEventAction – queue a `test` event to one webhook
export async function sendTestEventAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const input = ZWebhookRefSchema.parse({ webhookId: formData.get("webhookId") });
    const user = await authorizeOrThrow("webhooks:manage");
    await sendTestWebhookEvent({ actorId: user.id, input });
    revalidatePath(`/admin/webhooks/${input.webhookId}`);
    return { ok: true, data: undefined, message: "Test event queued; it appears in the log below." };
  } catch (error) {
    return toActionError(error, { action: "sendTestEvent" });
  }
}
