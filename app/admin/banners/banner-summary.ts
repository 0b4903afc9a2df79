// Readable summaries for the admin list: who a banner targets and its window in the zone it was entered in.
import { formatInZone } from "@/lib/time/zoned-time";

export function targetingSummary(banner: { targeting: string; targetStates: string[]; targetZipPrefixes: string[] }): string {
  if (banner.targeting === "states") return banner.targetStates.length <= 6 ? banner.targetStates.join(", ") : `${banner.targetStates.slice(0, 6).join(", ")} +${banner.targetStates.length - 6} more`;
  if (banner.targeting === "zip_prefixes") {
    const shown = banner.targetZipPrefixes.slice(0, 4).map((prefix) => `${prefix}…`);
    return `ZIP ${shown.join(", ")}${banner.targetZipPrefixes.length > 4 ? ` +${banner.targetZipPrefixes.length - 4} more` : ""}`;
  }
  return "Everyone";
}

export function windowSummary(banner: { startsAt: Date | null; endsAt: Date | null; timeZone: string }): string {
  const start = banner.startsAt ? formatInZone(banner.startsAt.toISOString(), banner.timeZone) : "at once";
  const end = banner.endsAt ? formatInZone(banner.endsAt.toISOString(), banner.timeZone) : "until ended";
  return `${start} → ${end}`;
}
