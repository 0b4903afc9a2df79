"use client";
// Import a CSV: the file is streamed to the server with XMLHttpRequest (for its upload progress) to
// /api/datasets/upload, which stages it and reads its header; the editor then picks the key and value columns,
// the key normalisation and the layout, and queues the import; the form follows its progress to the report.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { TImportProgress } from "@/lib/datasets/get-dataset-import-status";
import { importDatasetAction, importProgressAction } from "./actions";
import { ImportReport } from "./import-report";

type TStaged = { stagingId: string; bytes: number; header: string[] };

const MAX_MB = 100;

export function ImportForm({ existingNames }: { existingNames: string[] }) {
  const router = useRouter();
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [staged, setStaged] = useState<TStaged | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [name, setName] = useState("");
  const [keyColumn, setKeyColumn] = useState("");
  const [valueColumns, setValueColumns] = useState<string[]>([]);
  const [keyCase, setKeyCase] = useState<"none" | "upper" | "lower">("none");
  const [padWidth, setPadWidth] = useState("");
  const [shard, setShard] = useState("");
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [queued, setQueued] = useState<{ importId: string; commandId: string } | null>(null);
  const [progress, setProgress] = useState<TImportProgress | null>(null);

  function upload(file: File) {
    setError(null);
    setStaged(null);
    setQueued(null);
    setProgress(null);
    if (file.size > MAX_MB * 1024 * 1024) {
      setError(`The file is too large; the limit is ${MAX_MB} MB.`);
      return;
    }
    if (!name) setName(file.name.replace(/\.csv$/i, "").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63));
    const request = new XMLHttpRequest();
    request.open("POST", "/api/datasets/upload");
    request.setRequestHeader("content-type", "text/csv");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) setUploadPercent(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      setUploadPercent(null);
      const body = JSON.parse(request.responseText || "{}") as TStaged & { error?: string };
      if (request.status !== 201) {
        setError(body.error ?? `Upload failed (${request.status}).`);
        return;
      }
      setStaged(body);
      setKeyColumn(body.header[0] ?? "");
      setValueColumns(body.header.slice(1));
    };
    request.onerror = () => {
      setUploadPercent(null);
      setError("The upload failed; check the connection and try again.");
    };
    setUploadPercent(0);
    request.send(file);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!staged) return;
    setError(null);
    setFieldErrors({});
    const result = await importDatasetAction({
      stagingId: staged.stagingId,
      options: {
        name,
        keyColumn,
        valueColumns: valueColumns.filter((column) => column !== keyColumn),
        keyCase,
        padWidth: padWidth ? Number(padWidth) : null,
        skipBadRows,
        layout: shard ? { type: "shard", prefixLength: Number(shard) } : { type: "key" },
      },
    });
    if (!result.ok) {
      setError(result.error);
      setFieldErrors(result.fieldErrors);
      return;
    }
    setQueued(result.data);
    setStaged(null);
  }

  useEffect(() => {
    if (!queued) return;
    let stopped = false;
    const poll = async () => {
      if (stopped) return;
      const result = await importProgressAction(queued);
      if (stopped) return;
      if (result.ok) {
        setProgress(result.data);
        if (["published", "rejected", "failed", "refused"].includes(result.data.status)) {
          router.refresh();
          return;
        }
      }
      setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [queued, router]);

  const overwriting = existingNames.includes(name);
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a CSV</h2>
      <label>
        CSV file (up to {MAX_MB} MB, UTF-8, first line names the columns)
        <input type="file" accept=".csv,text/csv" data-testid="dataset-file" onChange={(event) => event.target.files?.[0] && upload(event.target.files[0])} />
      </label>
      {uploadPercent !== null && (
        <p>
          <progress max={100} value={uploadPercent} aria-label="Upload progress" /> {uploadPercent}% uploaded
        </p>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {staged && (
        <form onSubmit={submit} data-testid="import-options">
          <p className="muted">
            Uploaded {(staged.bytes / 1024).toFixed(0)} KB; columns: {staged.header.join(", ")}
          </p>
          <label>
            Dataset name
            <input name="name" value={name} onChange={(event) => setName(event.target.value)} required pattern="[a-z0-9][a-z0-9-]{0,62}" />
            {overwriting && <span className="muted"> (replaces the current data of {name}; only changed keys are uploaded)</span>}
            {fieldErrors.name && <span className="field-error">{fieldErrors.name}</span>}
          </label>
          <label>
            Key column
            <select name="keyColumn" value={keyColumn} onChange={(event) => setKeyColumn(event.target.value)}>
              {staged.header.map((column) => (
                <option key={column}>{column}</option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Value columns</legend>
            {staged.header
              .filter((column) => column !== keyColumn)
              .map((column) => (
                <label key={column} className="inline">
                  <input type="checkbox" checked={valueColumns.includes(column)} onChange={(event) => setValueColumns(event.target.checked ? [...valueColumns, column] : valueColumns.filter((other) => other !== column))} /> {column}
                </label>
              ))}
            {fieldErrors.valueColumns && <span className="field-error">{fieldErrors.valueColumns}</span>}
          </fieldset>
          <fieldset>
            <legend>Key normalisation (spaces around the key are always trimmed)</legend>
            <label className="inline">
              Case{" "}
              <select name="keyCase" value={keyCase} onChange={(event) => setKeyCase(event.target.value as typeof keyCase)}>
                <option value="none">as written</option>
                <option value="upper">UPPER</option>
                <option value="lower">lower</option>
              </select>
            </label>
            <label className="inline">
              Zero-pad to width <input name="padWidth" type="number" min={1} max={32} value={padWidth} onChange={(event) => setPadWidth(event.target.value)} placeholder="e.g. 5 for ZIP codes" />
            </label>
            {fieldErrors.padWidth && <span className="field-error">{fieldErrors.padWidth}</span>}
          </fieldset>
          <label>
            Layout{" "}
            <select name="layout" value={shard} onChange={(event) => setShard(event.target.value)}>
              <option value="">one file per key</option>
              {[1, 2, 3, 4].map((length) => (
                <option key={length} value={length}>
                  one file per {length}-character key prefix
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <input type="checkbox" checked={skipBadRows} onChange={(event) => setSkipBadRows(event.target.checked)} /> Skip bad rows (otherwise nothing is published when the report has errors)
          </label>
          <button type="submit">Import</button>
        </form>
      )}
      {queued && (
        <div data-testid="import-progress" aria-live="polite">
          <p>
            {!progress || progress.status === "waiting" || progress.status === "queued"
              ? "Queued; waiting for a worker."
              : progress.status === "parsing"
                ? `Reading the file: ${progress.rowsParsed.toLocaleString("en-US")} rows.`
                : progress.status === "publishing"
                  ? `Publishing: ${progress.filesUploaded.toLocaleString("en-US")} of ${progress.filesTotal.toLocaleString("en-US")} files uploaded.`
                  : progress.status === "published"
                    ? `Published: ${progress.filesUploaded.toLocaleString("en-US")} files uploaded, ${progress.filesDeleted.toLocaleString("en-US")} deleted.`
                    : progress.status === "rejected"
                      ? "Not published: the report has errors (fix the file, or import again with “Skip bad rows”)."
                      : `Failed: ${progress.error ?? "see the report"}`}
          </p>
          {progress?.status === "publishing" && progress.filesTotal > 0 && <progress max={progress.filesTotal} value={progress.filesUploaded} aria-label="Publish progress" />}
          {progress?.report && <ImportReport report={progress.report} />}
        </div>
      )}
    </section>
  );
}
