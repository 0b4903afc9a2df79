// DOM for one banner and for the emergency notice. Only sanitised message HTML is inserted as markup.
import type { TBanner, TNotice } from "./match-banners";
import { el } from "./render-entry";
import { sanitizeBannerHtml } from "./sanitize-banner-html";

/** The call-to-action URL if it is http(s), normalised by the URL parser; anything else drops the link. */
export function ctaHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function renderBanner(banner: TBanner, onDismiss: (banner: TBanner) => void): HTMLElement {
  const item = el("div", `ballast-banner ballast-banner--${banner.severity}`);
  item.setAttribute("data-banner-id", banner.id);
  item.setAttribute("data-banner-version", String(banner.version));
  // Assertive announcements only for urgent banners; the rest are polite.
  item.setAttribute("role", banner.severity === "urgent" ? "alert" : "status");
  const message = el("div", "ballast-banner-message");
  message.innerHTML = sanitizeBannerHtml(banner.messageHtml);
  item.append(message);
  const href = banner.cta && ctaHref(banner.cta.url);
  if (banner.cta && href) {
    const cta = el("a", "ballast-banner-cta", banner.cta.label);
    cta.href = href;
    item.append(cta);
  }
  if (banner.dismissible) {
    const dismiss = el("button", "ballast-banner-dismiss", "\u00d7");
    dismiss.type = "button";
    dismiss.setAttribute("aria-label", "Dismiss");
    dismiss.addEventListener("click", () => onDismiss(banner));
    item.append(dismiss);
  }
  return item;
}

export function renderNotice(notice: TNotice): HTMLElement {
  const item = el("div", "ballast-banner ballast-banner--notice");
  item.setAttribute("data-notice-id", notice.id);
  item.setAttribute("role", "alert");
  item.append(el("div", "ballast-banner-message", notice.message));
  return item;
}
