import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { getWebhooksAdminView } from "@/lib/webhooks/get-webhooks-admin-view";
import { WebhookForm } from "./webhook-form";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageUser("webhooks:manage");
  const view = await getWebhooksAdminView();
  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted small">
        Each event is a signed POST (Ballast-Timestamp, Ballast-Signature: v1=HMAC-SHA256 of “timestamp.body”) queued after the publish, retried for a
        day (10 s doubling to an hour), then marked failed.
      </p>
      {view.webhooks.length === 0 ? (
        <p className="empty">No webhooks yet. Add one to tell another system whenever something is published, rolled back or deleted.</p>
      ) : (
        <table data-testid="webhook-list">
          <thead>
            <tr><th>Name</th><th>URL</th><th>Events</th><th>Kinds</th><th>Deliveries</th></tr>
          </thead>
          <tbody>
            {view.webhooks.map((webhook) => (
              <tr key={webhook.id} data-testid="webhook-row" className={webhook.enabled ? undefined : "disabled"}>
                <td><Link href={`/admin/webhooks/${webhook.id}`}>{webhook.name}</Link>{!webhook.enabled && <span className="badge warn">disabled</span>}</td>
                <td className="small">{webhook.url}</td>
                <td className="small">{webhook.events.join(", ")}</td>
                <td className="small">{webhook.kinds.length === 0 ? "all" : webhook.kinds.join(", ")}</td>
                <td className="small">{webhook.succeeded} delivered, {webhook.pending} pending, {webhook.failed} failed</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Add a webhook</h2>
      <WebhookForm kinds={view.kinds} />
    </>
  );
}
