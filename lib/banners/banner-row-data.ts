// Banner fields (as the schemas give them) -> the columns of a banners row.
import type { TBannerFields } from "./schemas";

export function bannerRowData(fields: TBannerFields) {
  return {
    messageHtml: fields.messageHtml,
    ctaLabel: fields.ctaLabel,
    ctaUrl: fields.ctaUrl,
    severity: fields.severity,
    placements: fields.placements,
    targeting: fields.targeting,
    targetStates: fields.states,
    targetZipPrefixes: fields.zipPrefixes,
    startsAt: fields.startsAt ? new Date(fields.startsAt) : null,
    endsAt: fields.endsAt ? new Date(fields.endsAt) : null,
    timeZone: fields.timeZone,
    priority: fields.priority,
    dismissible: fields.dismissible,
  };
}
