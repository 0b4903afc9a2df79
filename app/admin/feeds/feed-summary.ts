// How the feed pages word a feed's state.
import type { TAdminFeed } from "@/lib/feeds/get-feeds-admin-view";

export function formatWhen(at: Date | null): string {
  return at ? `${at.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}

export function nextRunSummary(feed: Pick<TAdminFeed, "running" | "runRequestedAt" | "nextRunAt">): string {
  if (feed.running) return "running now";
  if (feed.runRequestedAt) return "requested, within seconds";
  return feed.nextRunAt ? formatWhen(feed.nextRunAt) : "not scheduled";
}

export const OUTCOME_LABELS = { updated: "New content published", unchanged: "Unchanged", failed: "Failed" } as const;
