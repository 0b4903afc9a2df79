import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { OneClickForm } from "@/app/components/one-click-form";
import { requirePageUser } from "@/lib/auth/current-user";
import { getWebhookAdminViewOrNull } from "@/lib/webhooks/get-webhooks-admin-view";
import { deleteWebhookAction, redeliverAction, sendTestEventAction } from "../actions";
import { WebhookForm } from "../webhook-form";

export const metadata = { title: "Webhook" };

const when = (date: Date | null) => (date ? `${date.toISOString().replace("T", " ").slice(0, 19)} UTC` : "—");

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("webhooks:manage");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const view = await getWebhookAdminViewOrNull(id);
  if (!view) notFound();
  const { webhook, deliveries } = view;
  return (
    <>
      <p><Link href="/admin/webhooks">← Webhooks</Link></p>
      <h1>{webhook.name}</h1>
      <p className="muted small">{webhook.url}</p>
      <div className="row">
        <OneClickForm action={sendTestEventAction} label="Send a test event" fields={{ webhookId: webhook.id }} primary />
        <OneClickForm action={deleteWebhookAction} label="Delete webhook" fields={{ webhookId: webhook.id }} confirm={`Delete the webhook ${webhook.name} and its delivery log?`} />
      </div>
      <h2>Delivery log</h2>
      <p className="muted small">The newest 50. Reload to see new attempts.</p>
      {deliveries.length === 0 ? (
        <p className="empty">No deliveries yet. Publish something this webhook subscribes to, or send a test event.</p>
      ) : (
        <table data-testid="delivery-log">
          <thead>
            <tr><th>Queued</th><th>Event</th><th>Document</th><th>Status</th><th>HTTP</th><th>Attempts</th><th>Last attempt</th><th></th></tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id} data-testid="delivery-row" data-delivery-status={delivery.status}>
                <td className="small">{when(delivery.createdAt)}{delivery.redeliveryOf && <span className="muted"> (redelivery)</span>}</td>
                <td>{delivery.event}</td>
                <td className="small">{delivery.documentKind ? `${delivery.documentKind} ${delivery.documentId ?? ""}${delivery.version ? ` v${delivery.version}` : ""}` : "—"}</td>
                <td>
                  <span className={`badge${delivery.status === "failed" ? " warn" : ""}`}>{delivery.status}</span>
                  {delivery.status === "pending" && delivery.attempts > 0 && <div className="muted small">next try {when(delivery.nextAttemptAt)}</div>}
                  {delivery.lastError && delivery.status !== "succeeded" && <div className="field-error small">{delivery.lastError}</div>}
                </td>
                <td data-testid="delivery-status-code">{delivery.lastStatusCode ?? "—"}</td>
                <td>{delivery.attempts}</td>
                <td className="small">{when(delivery.lastAttemptAt)}</td>
                <td><OneClickForm action={redeliverAction} label="Redeliver" fields={{ deliveryId: delivery.id }} ariaLabel={`Redeliver ${delivery.event} of ${when(delivery.createdAt)}`} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Settings</h2>
      <WebhookForm kinds={view.kinds} webhook={webhook} />
    </>
  );
}
