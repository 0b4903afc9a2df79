import { requirePageUser } from "@/lib/auth/current-user";
import { listAuditLog } from "@/lib/audit/list-audit-log";

export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePageUser("audit:read");
  const rows = await listAuditLog();
  return (
    <>
      <h1>Audit log</h1>
      {rows.length === 0 ? (
        <p className="empty">Nothing recorded yet.</p>
      ) : (
        <table>
          <thead>
            <tr><th>When (UTC)</th><th>Who</th><th>Action</th><th>Subject</th><th>Details</th></tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row.id)}>
                <td><time dateTime={row.createdAt.toISOString()}>{row.createdAt.toISOString().replace("T", " ").slice(0, 19)}</time></td>
                <td>{row.actor?.email ?? "system"}</td>
                <td><code>{row.action}</code></td>
                <td>{row.subjectType} <code className="small">{row.subjectId}</code></td>
                <td><code className="small">{JSON.stringify(row.details)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
