"use client";
// The banner as readers' widgets draw it: the widget's own class names and stylesheet, the sanitised message HTML,
// in each severity, at phone (375 px) and desktop (1024 px) widths.
import { useEffect, useState } from "react";
import { injectBannerStyles } from "@/widgets/src/banner-styles";
import { BANNER_SEVERITIES, type TBannerSeverity } from "@/lib/banners/schemas";

export type TPreviewBanner = { messageHtml: string; ctaLabel: string | null; ctaUrl: string | null; severity: TBannerSeverity; dismissible: boolean };

const WIDTHS = [
  { label: "Phone", px: 375 },
  { label: "Desktop", px: 1024 },
] as const;

function httpHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function PreviewBanner({ banner, severity }: { banner: TPreviewBanner; severity: TBannerSeverity }) {
  const href = httpHref(banner.ctaUrl);
  return (
    <div className={`ballast-banner ballast-banner--${severity}`} data-testid={`preview-${severity}`}>
      {/* Sanitised on the server (lib/banners/sanitize-banner-html.ts) before it reaches this page. */}
      <div className="ballast-banner-message" dangerouslySetInnerHTML={{ __html: banner.messageHtml }} />
      {banner.ctaLabel && href && (
        <a className="ballast-banner-cta" href={href} rel="noopener noreferrer" target="_blank">
          {banner.ctaLabel}
        </a>
      )}
      {banner.dismissible && (
        <button type="button" className="ballast-banner-dismiss" aria-label="Dismiss (preview)" tabIndex={-1}>
          ×
        </button>
      )}
    </div>
  );
}

export function BannerPreview({ banner }: { banner: TPreviewBanner }) {
  const [allSeverities, setAllSeverities] = useState(false);
  useEffect(() => injectBannerStyles(), []);
  const severities: readonly TBannerSeverity[] = allSeverities ? BANNER_SEVERITIES : [banner.severity];
  return (
    <section className="banner-preview" aria-label="Preview" data-testid="banner-preview">
      <div className="row">
        <h2>Preview</h2>
        <label className="inline">
          <input type="checkbox" checked={allSeverities} onChange={(event) => setAllSeverities(event.currentTarget.checked)} /> Show every severity
        </label>
      </div>
      {WIDTHS.map((width) => (
        <figure key={width.px} className="banner-preview-frame" data-testid={`preview-${width.label.toLowerCase()}`}>
          <figcaption className="muted small">
            {width.label} ({width.px} px)
          </figcaption>
          <div className="banner-preview-viewport" style={{ width: width.px, minWidth: width.px }}>
            {severities.map((severity) => (
              <PreviewBanner key={severity} banner={banner} severity={severity} />
            ))}
          </div>
        </figure>
      ))}
    </section>
  );
}
