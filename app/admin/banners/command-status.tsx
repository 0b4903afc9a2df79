"use client";
// Shows a queued banner change until a worker has applied it ("Queued…" -> "Applied" / "Published", or why it was
// refused), polling GET /api/commands/:id; then refreshes the page so lists and badges show the new state.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

type TStatus = { status: "queued" } | { status: "applied" | "published" } | { status: "rejected"; reason: string };

const POLL_MS = 400;

export function CommandStatus({ commandId, onSettled }: { commandId: string; onSettled?: (status: TStatus) => void }) {
  const router = useRouter();
  const [status, setStatus] = useState<TStatus>({ status: "queued" });
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const response = await fetch(`/api/commands/${commandId}`, { cache: "no-store", signal: controller.signal }).catch(() => null);
      const body = response?.ok ? ((await response.json().catch(() => null)) as { status?: string; reason?: string } | null) : null;
      if (controller.signal.aborted) return;
      let settled: TStatus | null = null;
      if (body?.status === "rejected" || body?.status === "failed") settled = { status: "rejected", reason: body.reason ?? "The change was refused." };
      else if (body?.status === "applied" || body?.status === "published") settled = { status: body.status };
      if (settled) {
        setStatus(settled);
        onSettled?.(settled);
        router.refresh();
        return;
      }
      timer = setTimeout(check, POLL_MS);
    };
    timer = setTimeout(check, 150);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // onSettled is read once per command on purpose: a new callback identity must not restart the polling.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [commandId, router]);
  if (status.status === "rejected") {
    return <span className="field-error" role="alert" data-testid="command-status">Refused: {status.reason}</span>;
  }
  return (
    <span className={status.status === "queued" ? "pending" : "ok"} role="status" data-testid="command-status">
      {status.status === "queued" ? "Queued…" : status.status === "published" ? "Applied and published" : "Applied"}
    </span>
  );
}
