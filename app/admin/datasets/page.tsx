// /admin/datasets – every dataset (key count, size, last import with who and its report, status), the import form,
// the CSV download and delete. While the database is unreachable the page says so.
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getDatasetsAdminView } from "@/lib/datasets/get-datasets-admin-view";
import { DatasetActions } from "./dataset-actions";
import { ImportForm } from "./import-form";
import { ImportReport } from "./import-report";

export const metadata = { title: "Datasets" };

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export default async function DatasetsPage() {
  const user = await requirePageUser("dataset:read");
  const datasets = await getDatasetsAdminView();
  if (!datasets) {
    return (
      <>
        <h1>Datasets</h1>
        <p className="notice error" role="alert" data-testid="degraded-notice">
          The database is unreachable, so datasets cannot be listed or imported right now. Published datasets keep answering
          lookups from the CDN; imports already queued run when it recovers.
        </p>
      </>
    );
  }
  const canEdit = can(user.role, "dataset:edit");
  return (
    <>
      <h1>Datasets</h1>
      <p className="muted">
        Lookup tables published as one small JSON file per key (<code>datasets/&lt;name&gt;/&lt;key&gt;.json</code>) with a manifest; the widget&apos;s{" "}
        <code>Ballast.lookup(name, key)</code> reads them from the CDN.
      </p>
      {datasets.length === 0 ? (
        <p>No datasets yet.</p>
      ) : (
        <table data-testid="datasets-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Keys</th>
              <th>Size</th>
              <th>Last import</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {datasets.map((dataset) => (
              <tr key={dataset.id} data-testid={`dataset-${dataset.name}`}>
                <td>
                  <strong>{dataset.name}</strong>
                  <br />
                  <span className="muted">
                    key {dataset.keyColumn ?? "—"}; {dataset.columns.join(", ") || "no value columns"}; {dataset.layout}
                  </span>
                </td>
                <td>{dataset.keyCount.toLocaleString("en-US")}</td>
                <td>{size(dataset.byteSize)}</td>
                <td>
                  {dataset.lastImport ? (
                    <>
                      {dataset.lastImport.at.toISOString().replace("T", " ").slice(0, 16)} UTC by {dataset.lastImport.byName ?? "?"}: {dataset.lastImport.status}
                      {dataset.lastImport.error && <div className="field-error">{dataset.lastImport.error}</div>}
                      {dataset.lastImport.report && (
                        <details open={dataset.lastImport.report.errorCount > 0}>
                          <summary>Report{dataset.lastImport.report.errorCount > 0 ? ` (${dataset.lastImport.report.errorCount} problems)` : ""}</summary>
                          <ImportReport report={dataset.lastImport.report} />
                        </details>
                      )}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td data-testid="dataset-status">
                  {dataset.status}
                  {dataset.publishedVersion !== null && <span className="muted"> (v{dataset.publishedVersion})</span>}
                </td>
                <td>
                  <DatasetActions name={dataset.name} canEdit={canEdit && dataset.status !== "deleting"} hasData={dataset.keyColumn !== null && dataset.status !== "deleting"} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && <ImportForm existingNames={datasets.map((dataset) => dataset.name)} />}
    </>
  );
}
