// Which banners a slot shows, decided in the reader's browser from the published set (contract: banners/latest.json).
export type TSeverity = "info" | "warning" | "urgent";

export type TBanner = {
  id: string;
  version: number;
  severity: TSeverity;
  messageHtml: string;
  cta: { label: string; url: string } | null;
  placements: string[];
  target: { states?: string[]; zipPrefixes?: string[] } | null;
  startsAt: string | null;
  endsAt: string | null;
  dismissible: boolean;
};

export type TNotice = { id: string; message: string };
/** `version` orders notices: banners/notice.json's own, or the issue time (ms) of the one a banner-set head carries. */
export type TNoticeDocument = { version: number; notice: TNotice | null };
/** `notice`: the notice recorded in the database, which workers carry in the head (absent from older heads). */
export type TBannerSet = { version: number; banners: TBanner[]; notice?: TNoticeDocument };

export type TReader = { placement: string; state: string | null; zip: string | null };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter(isString) : undefined);
const timeOrNull = (value: unknown): string | null => (isString(value) && !isNaN(Date.parse(value)) ? value : null);

/** One banner as published, or null when it lacks what the widget needs (that banner alone is skipped). */
function readBanner(value: unknown): TBanner | null {
  if (!isObject(value) || !isString(value.id) || typeof value.version !== "number" || !isString(value.messageHtml)) return null;
  const placements = strings(value.placements);
  if (!placements) return null;
  const cta = isObject(value.cta) && isString(value.cta.label) && isString(value.cta.url) ? { label: value.cta.label, url: value.cta.url } : null;
  const target = isObject(value.target) ? { states: strings(value.target.states), zipPrefixes: strings(value.target.zipPrefixes) } : null;
  const severity = value.severity === "urgent" || value.severity === "warning" ? value.severity : "info";
  return {
    id: value.id,
    version: value.version,
    severity,
    messageHtml: value.messageHtml,
    cta,
    placements,
    target,
    startsAt: timeOrNull(value.startsAt),
    endsAt: timeOrNull(value.endsAt),
    dismissible: value.dismissible === true,
  };
}

/** The banner set in `json`; throws when it is not one (the caller keeps its last good set). Order is kept as published. */
export function readBannerSet(json: unknown): TBannerSet {
  if (!isObject(json) || json.schema !== 1 || typeof json.version !== "number" || !Array.isArray(json.banners)) throw Error("bad banner set");
  const banners: TBanner[] = [];
  for (const item of json.banners) {
    const banner = readBanner(item);
    if (banner) banners.push(banner);
  }
  const notice = json.notice;
  if (!isObject(notice)) return { version: json.version, banners };
  return { version: json.version, banners, notice: readNoticeDocument({ schema: 1, version: Date.parse(notice.issuedAt as string) || 0, notice }) };
}

/** The notice document in `json`; throws when it is not one. */
export function readNoticeDocument(json: unknown): TNoticeDocument {
  if (!isObject(json) || json.schema !== 1 || typeof json.version !== "number") throw Error("bad notice");
  const notice = json.notice;
  if (notice === null) return { version: json.version, notice: null };
  if (!isObject(notice) || !isString(notice.id) || !isString(notice.message)) throw Error("bad notice");
  // An admin clears the notice by issuing an empty one.
  return { version: json.version, notice: notice.message.trim() ? { id: notice.id, message: notice.message } : null };
}

/** Of the notice file and the head's copy, the one issued last (either may be missing). */
export function newerNotice(first: TNoticeDocument | null | undefined, second: TNoticeDocument | null | undefined): TNoticeDocument | null {
  return !first || (second && second.version > first.version) ? second || null : first;
}

/** A state as the JSON spells it (two uppercase letters), or null. */
export function normalizeState(value: unknown): string | null {
  const state = isString(value) ? value.trim().toUpperCase() : "";
  return /^[A-Z]{2}$/.test(state) ? state : null;
}

/** The five-digit ZIP at the start of `value` ("43085" or "43085-1234"), or null. */
export function normalizeZip(value: unknown): string | null {
  const match = isString(value) ? /^\s*(\d{5})(?:-\d{4})?\s*$/.exec(value) : null;
  return match ? (match[1] as string) : null;
}

/** Placement and targeting (not time): the banners this reader could ever see in this slot. */
export function matchesReader(banner: TBanner, reader: TReader): boolean {
  if (banner.placements.indexOf(reader.placement) < 0 && banner.placements.indexOf("sitewide") < 0) return false;
  const target = banner.target;
  if (!target || (!target.states && !target.zipPrefixes)) return true;
  const { state, zip } = reader;
  const inState = !!state && !!target.states && target.states.indexOf(state) >= 0;
  const inZip = !!zip && !!target.zipPrefixes && target.zipPrefixes.some((prefix) => prefix !== "" && zip.startsWith(prefix));
  return inState || inZip;
}

/** Open by the reader's clock: startsAt <= now < endsAt, a null end open-ended, a null start at once. */
export function isOpen(banner: TBanner, nowMs: number): boolean {
  return (banner.startsAt === null || Date.parse(banner.startsAt) <= nowMs) && (banner.endsAt === null || nowMs < Date.parse(banner.endsAt));
}

export const dismissalKey = (banner: Pick<TBanner, "id" | "version">) => `${banner.id}:${banner.version}`;

/** The banners a slot shows now, in published (priority) order, at most `limit`; dismissed id:version keys are left out. */
export function selectBanners(banners: readonly TBanner[], reader: TReader, options: { nowMs: number; limit: number; dismissed: ReadonlySet<string> }): TBanner[] {
  const shown: TBanner[] = [];
  for (const banner of banners) {
    if (shown.length >= options.limit) break;
    if (matchesReader(banner, reader) && isOpen(banner, options.nowMs) && !options.dismissed.has(dismissalKey(banner))) shown.push(banner);
  }
  return shown;
}

/** The next start or end after `nowMs` among `banners`, when the selection may change with no new data; Infinity if none. */
export function nextBoundaryMs(banners: readonly TBanner[], nowMs: number): number {
  let next = Infinity;
  for (const banner of banners) {
    for (const time of [banner.startsAt, banner.endsAt]) {
      const ms = time === null ? NaN : Date.parse(time);
      if (ms > nowMs && ms < next) next = ms;
    }
  }
  return next;
}
