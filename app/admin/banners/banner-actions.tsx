"use client";
// One banner's quick actions: publish, back to draft, archive, end now, duplicate, delete (with confirmation). Each
// queues a command and shows it as queued until a worker has applied it.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { TBannerPhase } from "@/lib/banners/banner-phase";
import type { TActionResult } from "@/lib/errors";
import { bannerQuickAction, type TQueuedBannerChange } from "./actions";
import { CommandStatus } from "./command-status";

type TRequest = Parameters<typeof bannerQuickAction>[0];

export function BannerActions({ banner, openAfter = false }: { banner: { id: string; version: number; phase: TBannerPhase; messageText: string }; openAfter?: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: TRequest["kind"]; outcome: TActionResult<TQueuedBannerChange> } | null>(null);

  const run = (request: TRequest, confirmText?: string) => {
    if (confirmText && !window.confirm(confirmText)) return;
    startTransition(async () => setResult({ kind: request.kind, outcome: await bannerQuickAction(request) }));
  };
  const id = banner.id;
  const published = banner.phase === "live" || banner.phase === "scheduled" || banner.phase === "ended";
  const buttons: { label: string; request: TRequest; confirm?: string; danger?: boolean; show: boolean }[] = [
    { label: "Publish", request: { kind: "status", input: { bannerId: id, status: "published" } }, show: banner.phase === "draft" || banner.phase === "archived" },
    { label: "End now", request: { kind: "status", input: { bannerId: id, endNow: true } }, show: banner.phase === "live" || banner.phase === "scheduled", confirm: "End this banner now? Readers stop seeing it within seconds." },
    { label: "Back to draft", request: { kind: "status", input: { bannerId: id, status: "draft" } }, show: published },
    { label: "Archive", request: { kind: "status", input: { bannerId: id, status: "archived" } }, show: banner.phase !== "archived" },
    { label: "Duplicate", request: { kind: "duplicate", input: { bannerId: id } }, show: true },
    {
      label: "Delete",
      request: { kind: "delete", input: { bannerId: id } },
      show: true,
      danger: true,
      confirm: `Delete this banner for good? "${banner.messageText.slice(0, 80)}" leaves every published file, and no rollback brings it back.`,
    },
  ];
  const outcome = result?.outcome;
  return (
    <div className="row banner-actions" role="group" aria-label="Banner actions">
      {buttons
        .filter((button) => button.show)
        .map((button) => (
          <button key={button.label} type="button" className={button.danger ? "danger secondary" : "secondary"} disabled={pending} onClick={() => run(button.request, button.confirm)}>
            {button.label}
          </button>
        ))}
      {outcome && !outcome.ok && (
        <span className="field-error" role="alert">
          {outcome.error}
        </span>
      )}
      {outcome?.ok && (
        <CommandStatus
          key={outcome.data.commandId}
          commandId={outcome.data.commandId}
          onSettled={(settled) => {
            if (settled.status === "rejected" || !openAfter) return;
            if (result?.kind === "duplicate" && outcome.data.bannerId) router.push(`/admin/banners/${outcome.data.bannerId}`);
            if (result?.kind === "delete") router.push("/admin/banners");
          }}
        />
      )}
    </div>
  );
}
