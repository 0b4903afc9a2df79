// Pure: the banner set's one object, `banners/latest.json` (every published banner whose end has not passed, with its
// window, targeting and priority, in the order readers should see them), and the rollback variant (an earlier head's
// banners, as they are today, never one deleted or back in draft since). Message HTML is sanitised again here.
import { z } from "zod";
import { BANNERS_HEAD_KEY } from "../banners/constants";
import { plainTextLabel, sanitizeBannerHtml } from "../banners/sanitize-banner-html";
import { safeHttpUrl, type TBannerSeverity, type TBannerStatus, type TBannerTargeting } from "../banners/schemas";
import type { TPublishPlan, TRenderContext } from "../publishing/define-document";

export const BANNER_SET_SCHEMA_VERSION = 1;

/** A banner row as the snapshot reads it (message HTML sanitised on write already). */
export type TStoredBanner = {
  id: string;
  version: number;
  status: TBannerStatus;
  messageHtml: string;
  ctaLabel: string | null;
  ctaUrl: string | null;
  severity: TBannerSeverity;
  placements: string[];
  targeting: TBannerTargeting;
  targetStates: string[];
  targetZipPrefixes: string[];
  startsAt: Date | null;
  endsAt: Date | null;
  priority: number;
  dismissible: boolean;
};

export type TBannerSetSnapshot = {
  version: number;
  setId: string;
  /** Every banner with status `published` (ended ones are dropped at render time, against the publish time). */
  banners: TStoredBanner[];
  /** Read for a rollback (`rollbackOf`): today's rows of the banners the restored head showed that still exist. */
  rollback?: { currentBanners: TStoredBanner[] };
  /** The newest recorded emergency notice (message "" when it was cleared); null when none was ever issued. */
  notice: TRecordedNotice | null;
};

export type TRecordedNotice = { id: string; message: string; issuedAt: string };

const ZPublishedBannerSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  severity: z.enum(["info", "warning", "urgent"]),
  messageHtml: z.string(),
  cta: z.object({ label: z.string(), url: z.string() }).nullable(),
  placements: z.array(z.string()),
  target: z.union([z.object({ states: z.array(z.string()) }), z.object({ zipPrefixes: z.array(z.string()) })]).nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  priority: z.number().int(),
  dismissible: z.boolean(),
});

export const ZBannerSetHeadSchema = z.object({
  schema: z.literal(BANNER_SET_SCHEMA_VERSION),
  version: z.number().int(),
  publishedAt: z.string(),
  banners: z.array(ZPublishedBannerSchema),
  /** The notice as recorded in the database; the widget shows the newer of this and `banners/notice.json`. */
  notice: z.object({ id: z.string(), message: z.string(), issuedAt: z.string() }).nullable().optional(),
  /** Set on a rollback head: the version whose banners it shows. */
  rolledBackTo: z.number().int().optional(),
});

export type TPublishedBanner = z.infer<typeof ZPublishedBannerSchema>;
export type TBannerSetHead = z.infer<typeof ZBannerSetHeadSchema>;

const SEVERITY_RANK: Record<TBannerSeverity, number> = { urgent: 3, warning: 2, info: 1 };

/** Priority (higher first), then severity (urgent first), then start (at once first, then earlier), then id. */
export function compareBanners(a: TPublishedBanner, b: TPublishedBanner): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.severity !== b.severity) return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  const startA = a.startsAt === null ? -Infinity : Date.parse(a.startsAt);
  const startB = b.startsAt === null ? -Infinity : Date.parse(b.startsAt);
  if (startA !== startB) return startA < startB ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function publishedCta(banner: TStoredBanner): TPublishedBanner["cta"] {
  const label = banner.ctaLabel ? plainTextLabel(banner.ctaLabel) : "";
  const url = banner.ctaUrl ? safeHttpUrl(banner.ctaUrl) : null;
  return label && url ? { label, url } : null;
}

function publishedTarget(banner: TStoredBanner): TPublishedBanner["target"] {
  if (banner.targeting === "states") return { states: banner.targetStates.map((state) => state.toUpperCase()) };
  if (banner.targeting === "zip_prefixes") return { zipPrefixes: banner.targetZipPrefixes.filter((prefix) => /^\d{1,5}$/.test(prefix)) };
  return null;
}

/** A banner as readers get it; null when nothing of its message survives sanitising. */
export function toPublishedBanner(banner: TStoredBanner): TPublishedBanner | null {
  const messageHtml = sanitizeBannerHtml(banner.messageHtml);
  if (!messageHtml) return null;
  return {
    id: banner.id,
    version: banner.version,
    severity: banner.severity,
    messageHtml,
    cta: publishedCta(banner),
    placements: banner.placements,
    target: publishedTarget(banner),
    startsAt: banner.startsAt?.toISOString() ?? null,
    endsAt: banner.endsAt?.toISOString() ?? null,
    priority: banner.priority,
    dismissible: banner.dismissible,
  };
}

/** Live and upcoming at `at`: an ended banner is never published (nor is anything not published). */
function showable(banner: TStoredBanner, at: Date): boolean {
  return banner.status === "published" && (banner.endsAt === null || banner.endsAt.getTime() > at.getTime());
}

function publishedList(banners: TStoredBanner[], at: Date): TPublishedBanner[] {
  return banners
    .filter((banner) => showable(banner, at))
    .map(toPublishedBanner)
    .filter((banner): banner is TPublishedBanner => banner !== null)
    .sort(compareBanners);
}

function headPlan(head: TBannerSetHead): TPublishPlan {
  const object = { key: BANNERS_HEAD_KEY, body: JSON.stringify(head) };
  return { objects: [object], head: object };
}

export function renderBannerSet(snapshot: TBannerSetSnapshot, context: TRenderContext): TPublishPlan {
  return headPlan({
    schema: BANNER_SET_SCHEMA_VERSION,
    version: snapshot.version,
    publishedAt: context.publishedAt.toISOString(),
    banners: publishedList(snapshot.banners, context.publishedAt),
    notice: snapshot.notice,
  });
}

/** The banner ids an earlier head showed: what a rollback asks the database about. [] for a head it cannot read. */
export function bannerIdsOfHead(storedHead: string): string[] {
  try {
    const parsed = ZBannerSetHeadSchema.safeParse(JSON.parse(storedHead));
    return parsed.success ? parsed.data.banners.map((banner) => banner.id) : [];
  } catch {
    return [];
  }
}

/** Re-points readers at an earlier head with a rising version. Given the current snapshot, it shows the banners that
 * head showed which still exist and are not drafts, each as it is today (a deleted banner, or an edit's old text,
 * never comes back); without it (a format check), the stored banners re-sanitised. */
export function renderBannerSetRollback(storedHead: string, context: TRenderContext & { version: number; toVersion: number }, current?: TBannerSetSnapshot): TPublishPlan {
  const stored = ZBannerSetHeadSchema.parse(JSON.parse(storedHead));
  const base = { schema: BANNER_SET_SCHEMA_VERSION, version: context.version, publishedAt: context.publishedAt.toISOString(), rolledBackTo: context.toVersion } as const;
  if (!current) {
    const banners = stored.banners.flatMap((banner) => {
      const messageHtml = sanitizeBannerHtml(banner.messageHtml);
      const cta = banner.cta && safeHttpUrl(banner.cta.url) && plainTextLabel(banner.cta.label) ? { label: plainTextLabel(banner.cta.label), url: safeHttpUrl(banner.cta.url)! } : null;
      return messageHtml ? [{ ...banner, messageHtml, cta }] : [];
    });
    return headPlan({ ...base, banners, notice: stored.notice ?? null });
  }
  // Only banners still published today: one deleted, taken back to draft or archived since (often because it was
  // wrong) never comes back with a rollback.
  const today = new Map((current.rollback?.currentBanners ?? []).filter((banner) => banner.status === "published").map((banner) => [banner.id, banner]));
  const restored = stored.banners.flatMap((banner) => {
    const row = today.get(banner.id);
    return row ? [row] : [];
  });
  // The notice stays as it is today: rolling banners back never brings back a notice that was replaced or cleared.
  return headPlan({ ...base, banners: publishedList(restored, context.publishedAt), notice: current.notice });
}
