// One <style> per page, themeable only through the --ballast-* custom properties.
const STYLE_ID = "ballast-liveblog-style";

const CSS =
  ".ballast-liveblog{font-family:var(--ballast-font,inherit);color:var(--ballast-text,inherit);background:var(--ballast-bg,transparent)}" +
  ".ballast-liveblog [hidden]{display:none!important}" +
  ".ballast-heading{font-size:1em;margin:8px 0}" +
  ".ballast-pinned{border:1px solid var(--ballast-border,#ddd);padding:0 12px;margin:0 0 12px}" +
  ".ballast-key-events ol{margin:0 0 12px;padding-left:1.2em}" +
  ".ballast-key-events a,.ballast-permalink{color:inherit}" +
  ".ballast-key-events time{color:var(--ballast-muted,#666);font-size:.875em}" +
  ".ballast-entry{border-top:1px solid var(--ballast-border,#ddd);padding:12px 0;scroll-margin-top:48px}" +
  ".ballast-entry--key_event{border-left:3px solid var(--ballast-accent,#c00);padding-left:10px}" +
  ".ballast-entry-header{display:flex;flex-wrap:wrap;gap:4px 10px;font-size:.875em;color:var(--ballast-muted,#666)}" +
  ".ballast-permalink{margin-left:auto}" +
  ".ballast-author{font-weight:600}" +
  ".ballast-label{color:var(--ballast-accent,#c00);font-weight:600}" +
  ".ballast-entry-body img,.ballast-entry-body iframe,.ballast-entry-body video{max-width:100%}" +
  ".ballast-new,.ballast-older{display:block;margin:8px auto;padding:6px 16px;font:inherit;border-radius:999px;cursor:pointer}" +
  ".ballast-new{position:sticky;top:8px;z-index:1;border:0;background:var(--ballast-accent,#c00);color:var(--ballast-bg,#fff)}" +
  ".ballast-older{border:1px solid var(--ballast-border,#ddd);background:var(--ballast-bg,transparent);color:inherit}";

export function injectStyles(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  (document.head || document.documentElement).appendChild(style);
}
