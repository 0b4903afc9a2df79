import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { BANNER_PHASE_LABELS } from "@/lib/banners/banner-phase";
import { getBannerOrThrow } from "@/lib/banners/get-banner-or-throw";
import { bannerPlainText } from "@/lib/banners/sanitize-banner-html";
import { AppError } from "@/lib/errors";
import { BannerActions } from "../banner-actions";
import { BannerForm } from "../banner-form";
import { BannerPreview } from "../banner-preview";
import { targetingSummary, windowSummary } from "../banner-summary";
import { DegradedBanners } from "../degraded-banners";
import "../banners.css";

export const metadata = { title: "Banner" };

export default async function BannerPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("banner:read");
  const { id } = await params;
  const banner = await getBannerOrThrow({ bannerId: id }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  if (!banner) return <DegradedBanners />;
  const canEdit = can(user.role, "banner:edit");
  const text = bannerPlainText(banner.messageHtml);
  return (
    <>
      <p><Link href="/admin/banners">← Banners</Link></p>
      <div className="page-head">
        <h1>Banner</h1>
        <span className={`badge phase-${banner.phase}`} data-testid="banner-phase">{BANNER_PHASE_LABELS[banner.phase]}</span>
        <span className={`badge severity-${banner.severity}`}>{banner.severity}</span>
        <span className="muted small">v{banner.version}</span>
      </div>
      <p className="muted small">
        <span data-testid="banner-targeting">{targetingSummary(banner)}</span> · {banner.placements.join(", ")} · <span data-testid="banner-window">{windowSummary(banner)}</span>{" "}
        <span data-testid="banner-window-utc">(UTC: {banner.startsAt?.toISOString() ?? "at once"} → {banner.endsAt?.toISOString() ?? "until ended"})</span>
      </p>
      {canEdit && <BannerActions banner={{ id: banner.id, version: banner.version, phase: banner.phase, messageText: text }} openAfter />}
      <BannerPreview banner={{ messageHtml: banner.messageHtml, ctaLabel: banner.ctaLabel, ctaUrl: banner.ctaUrl, severity: banner.severity, dismissible: banner.dismissible }} />
      {canEdit ? (
        <section aria-label="Edit">
          <h2>Edit</h2>
          <BannerForm
            key={banner.version}
            banner={{
              id: banner.id,
              version: banner.version,
              status: banner.status,
              messageHtml: banner.messageHtml,
              ctaLabel: banner.ctaLabel,
              ctaUrl: banner.ctaUrl,
              severity: banner.severity,
              placements: banner.placements,
              targeting: banner.targeting,
              targetStates: banner.targetStates,
              targetZipPrefixes: banner.targetZipPrefixes,
              startsAt: banner.startsAt?.toISOString() ?? null,
              endsAt: banner.endsAt?.toISOString() ?? null,
              timeZone: banner.timeZone,
              priority: banner.priority,
              dismissible: banner.dismissible,
            }}
          />
        </section>
      ) : (
        <p className="notice">Your role ({user.role}) can see banners but not change them.</p>
      )}
    </>
  );
}
