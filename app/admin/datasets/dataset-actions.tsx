"use client";
// A dataset row's actions: download its current CSV, and delete it (after a confirmation).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteDatasetAction } from "./actions";

export function DatasetActions({ name, canEdit, hasData }: { name: string; canEdit: boolean; hasData: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  async function remove() {
    if (!window.confirm(`Delete the dataset ${name}? Its manifest and every key file leave the site; lookups of it stop working.`)) return;
    const result = await deleteDatasetAction({ name });
    setMessage(result.ok ? (result.message ?? "Queued.") : result.error);
    router.refresh();
  }
  return (
    <span className="row-actions">
      {hasData && (
        <a href={`/api/datasets/${encodeURIComponent(name)}/csv`} download>
          Download CSV
        </a>
      )}
      {canEdit && (
        <button type="button" className="danger" onClick={remove}>
          Delete
        </button>
      )}
      {message && <span role="status"> {message}</span>}
    </span>
  );
}
