// One <style> for banners per page, themeable through the live blog's --ballast-* properties plus one per severity.
const STYLE_ID = "ballast-banners-style";

const CSS =
  ".ballast-banners{font-family:var(--ballast-font,inherit);color:var(--ballast-text,inherit)}" +
  ".ballast-banners:focus{outline:0}" +
  ".ballast-banner{display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px;margin:0 0 8px;padding:10px 12px;background:var(--ballast-bg,#fff);border:1px solid var(--ballast-border,#ddd);border-left:4px solid var(--ballast-info,#1d5fa8)}" +
  ".ballast-banner--warning{border-left-color:var(--ballast-warning,#b26b00)}" +
  ".ballast-banner--urgent,.ballast-banner--notice{border-left-color:var(--ballast-urgent,var(--ballast-accent,#c00))}" +
  ".ballast-banner-message{flex:1 1 16em}" +
  ".ballast-banner a{color:inherit}" +
  ".ballast-banner .ballast-banner-cta{color:var(--ballast-accent,#c00);font-weight:600}" +
  ".ballast-banner-dismiss{margin-left:auto;border:0;background:0;color:var(--ballast-muted,#666);font:inherit;font-size:1.25em;cursor:pointer}";

export function injectBannerStyles(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  (document.head || document.documentElement).appendChild(style);
}
