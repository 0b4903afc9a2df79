"use client";
// A feed's quick actions: "Run now" and delete (with confirmation). Each queues a command and shows it as queued until
// a worker has applied it.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { TActionResult } from "@/lib/errors";
import { CommandStatus } from "../banners/command-status";
import { feedQuickAction, type TQueuedFeedChange } from "./actions";

export function FeedActions({ feed, openAfter = false }: { feed: { id: string; name: string }; openAfter?: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "run-now" | "delete"; outcome: TActionResult<TQueuedFeedChange> } | null>(null);
  const run = (kind: "run-now" | "delete") => {
    if (kind === "delete" && !window.confirm(`Delete the feed ${feed.name}? feeds/${feed.name}.json is removed from the published files and its run history is lost.`)) return;
    startTransition(async () => setResult({ kind, outcome: await feedQuickAction({ kind, input: { feedId: feed.id } }) }));
  };
  const outcome = result?.outcome;
  return (
    <div className="row" role="group" aria-label={`Actions for ${feed.name}`}>
      <button type="button" className="secondary" disabled={pending} onClick={() => run("run-now")}>
        Run now
      </button>
      <button type="button" className="danger secondary" disabled={pending} onClick={() => run("delete")}>
        Delete
      </button>
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
            if (settled.status !== "rejected" && openAfter && result?.kind === "delete") router.push("/admin/feeds");
          }}
        />
      )}
    </div>
  );
}
