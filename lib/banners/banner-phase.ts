// A banner's phase as the admin shows it, derived from its status and window at a given time. Safe for client code.
import type { TBannerStatus } from "./schemas";

export const BANNER_PHASES = ["draft", "scheduled", "live", "ended", "archived"] as const;
export type TBannerPhase = (typeof BANNER_PHASES)[number];

export const BANNER_PHASE_LABELS: Record<TBannerPhase, string> = { draft: "Draft", scheduled: "Scheduled", live: "Live", ended: "Ended", archived: "Archived" };

/** draft / archived follow the status; a published banner is scheduled before its start, ended from its end on,
 * live in between (null start: at once; null end: until ended by hand). */
export function bannerPhase(banner: { status: TBannerStatus; startsAt: Date | string | null; endsAt: Date | string | null }, now: Date = new Date()): TBannerPhase {
  if (banner.status === "draft" || banner.status === "archived") return banner.status;
  const nowMs = now.getTime();
  if (banner.endsAt !== null && new Date(banner.endsAt).getTime() <= nowMs) return "ended";
  if (banner.startsAt !== null && new Date(banner.startsAt).getTime() > nowMs) return "scheduled";
  return "live";
}
