// Pure renderer for `pages/<slug>/index.html`: a standalone page of modules, readable without JavaScript (headlines,
// images, rich text, a link to each live blog, a plain ZIP form), with Open Graph tags; the widget then fills the
// banner slots and live blogs. Same input, byte-identical output.
import type { TPageHead, TPublishedPageModule } from "../pages/schemas";

export type TPageHtmlOptions = {
  /** The widget script (live blogs, and banner slots through its lazily loaded banner part). */
  widgetUrl: string;
  /** `banners/latest.json`, named on each banner slot. */
  bannersUrl: string;
  /** Titles of the live blogs the modules name, for their links (a missing one gets a generic label). */
  liveBlogTitles?: Readonly<Record<string, string>>;
  siteName?: string;
};

const DESCRIPTION_MAX_CHARS = 160;

const STYLE =
  ":root{--ballast-font:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;--ballast-accent:#c8102e;--ballast-text:#1a1a1a;--ballast-muted:#5f6368;--ballast-bg:#fff;--ballast-border:#e2e2e2}" +
  "*{box-sizing:border-box}" +
  "body{margin:0;background:var(--ballast-bg);color:var(--ballast-text);font:1rem/1.55 var(--ballast-font)}" +
  "a{color:var(--ballast-accent)}" +
  ".ballast-page{max-width:48rem;margin:0 auto;padding:1rem}" +
  ".ballast-page h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0}" +
  ".ballast-description,.ballast-caption{color:var(--ballast-muted)}" +
  ".ballast-module{margin:1.25rem 0;padding-top:1rem;border-top:1px solid var(--ballast-border)}" +
  ".ballast-module:first-child{border-top:0;padding-top:0}" +
  ".ballast-headline h2{font-size:1.5rem;line-height:1.25;margin:0 0 .25rem}" +
  ".ballast-headline h2 a{color:inherit}" +
  ".ballast-image figure{margin:0}" +
  ".ballast-image img,.ballast-richtext img{display:block;max-width:100%;height:auto}" +
  ".ballast-richtext iframe{max-width:100%}" +
  ".ballast-lookup form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}" +
  ".ballast-lookup input{font:inherit;padding:.35rem .5rem;width:8rem}" +
  ".ballast-lookup button{font:inherit;padding:.35rem .75rem}" +
  ".ballast-lookup .ballast-lookup-state{width:3.5rem}" +
  ".ballast-lookup-status{flex-basis:100%;margin:0;color:var(--ballast-muted)}";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** An absolute http(s) URL for an attribute, or null: never a javascript:, data: or relative one, whatever the JSON says. */
function safeHref(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password ? url.href : null;
  } catch {
    return null;
  }
}

function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = text.slice(0, maxChars - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function linked(inner: string, link: string | null): string {
  const href = safeHref(link);
  return href ? `<a href="${escapeHtml(href)}">${inner}</a>` : inner;
}

function moduleSection(module: TPublishedPageModule, body: string): string {
  return `<section class="ballast-module ballast-${module.type}" id="module-${escapeHtml(module.id)}" data-module-id="${escapeHtml(module.id)}">${body}</section>\n`;
}

function renderModule(module: TPublishedPageModule, options: TPageHtmlOptions, isFirstImage: boolean): string {
  switch (module.type) {
    case "headline":
      return moduleSection(module, `<h2>${linked(escapeHtml(module.title), module.link)}</h2>${module.text ? `<p>${escapeHtml(module.text)}</p>` : ""}`);
    case "image": {
      const src = safeHref(module.src);
      if (!src) return "";
      const image = `<img src="${escapeHtml(src)}" alt="${escapeHtml(module.alt)}"${isFirstImage ? "" : ` loading="lazy"`}>`;
      const caption = module.caption ? `<figcaption class="ballast-caption">${escapeHtml(module.caption)}</figcaption>` : "";
      return moduleSection(module, `<figure>${linked(image, module.link)}${caption}</figure>`);
    }
    case "banners":
      // Filled by the widget's banner part; empty (and takes no room) without JavaScript.
      return moduleSection(module, `<div data-ballast-banners="${escapeHtml(module.placement)}" data-banners-url="${escapeHtml(options.bannersUrl)}"></div>`);
    case "liveblog": {
      const headUrl = safeHref(module.headUrl);
      const pageUrl = safeHref(module.pageUrl);
      if (!headUrl || !pageUrl) return "";
      const title = options.liveBlogTitles?.[module.slug];
      const label = title ? `Follow the live blog: ${escapeHtml(title)}` : "Follow the live blog";
      // The link works without JavaScript; the widget mounts the live stream in the container above it.
      return moduleSection(module, `<div data-ballast-liveblog="${escapeHtml(headUrl)}"></div><p class="ballast-liveblog-link"><a href="${escapeHtml(pageUrl)}">${label}</a></p>`);
    }
    case "lookup": {
      const inputId = `lookup-${escapeHtml(module.id)}`;
      // Submits to this same page (a GET with ?zip=): harmless without JavaScript. The widget takes it over (issue #13):
      // at the fifth digit it fills City and State (fields the reader typed in are left alone) and says so in the status.
      return moduleSection(
        module,
        `<form method="get" role="search" data-ballast-lookup="${escapeHtml(module.dataset)}"><label for="${inputId}">${escapeHtml(module.label)}</label>` +
          `<input id="${inputId}" name="zip" inputmode="numeric" autocomplete="postal-code" pattern="[0-9]{5}" maxlength="5">` +
          `<label for="${inputId}-city">City</label><input id="${inputId}-city" name="city" autocomplete="address-level2" data-ballast-fill="city">` +
          `<label for="${inputId}-state">State</label><input id="${inputId}-state" name="state" autocomplete="address-level1" data-ballast-fill="state" class="ballast-lookup-state">` +
          `<button type="submit">Look up</button><p class="ballast-lookup-status" role="status" aria-live="polite" data-ballast-lookup-status></p></form>`,
      );
    }
    case "richtext":
      // Sanitised by the render step (the entries' output allowlist); inserted as is.
      return moduleSection(module, `<div class="ballast-richtext-body">${module.html}</div>`);
  }
}

export function renderPageHtml(head: TPageHead, options: TPageHtmlOptions): string {
  const { page } = head;
  const firstHeadline = head.modules.find((module) => module.type === "headline");
  const description = truncateText(page.description.trim() || (firstHeadline?.type === "headline" ? firstHeadline.text || firstHeadline.title : "") || page.title, DESCRIPTION_MAX_CHARS);
  const firstImage = head.modules.find((module) => module.type === "image" && safeHref(module.src) !== null);
  const ogImage = firstImage?.type === "image" ? safeHref(firstImage.src) : null;
  const pageUrl = safeHref(page.url) ?? "";
  const pageTitle = options.siteName ? `${page.title} – ${options.siteName}` : page.title;
  const parts: string[] = [
    `<!doctype html>\n<html lang="en">\n<head>\n`,
    `<meta charset="utf-8">\n`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n`,
    `<title>${escapeHtml(pageTitle)}</title>\n`,
    `<meta name="description" content="${escapeHtml(description)}">\n`,
    `<link rel="canonical" href="${escapeHtml(pageUrl)}">\n`,
    `<meta property="og:type" content="website">\n`,
    `<meta property="og:title" content="${escapeHtml(page.title)}">\n`,
    `<meta property="og:description" content="${escapeHtml(description)}">\n`,
    `<meta property="og:url" content="${escapeHtml(pageUrl)}">\n`,
    ogImage && firstImage?.type === "image" ? `<meta property="og:image" content="${escapeHtml(ogImage)}">\n<meta property="og:image:alt" content="${escapeHtml(firstImage.alt)}">\n` : "",
    options.siteName ? `<meta property="og:site_name" content="${escapeHtml(options.siteName)}">\n` : "",
    `<meta name="twitter:card" content="${ogImage ? "summary_large_image" : "summary"}">\n`,
    `<style>${STYLE}</style>\n`,
    `</head>\n<body>\n<main class="ballast-page" data-ballast-page="${escapeHtml(page.slug)}" data-ballast-version="${head.version}">\n`,
    `<header class="ballast-page-header">\n<h1>${escapeHtml(page.title)}</h1>\n`,
    page.description.trim() ? `<p class="ballast-description">${escapeHtml(page.description)}</p>\n` : "",
    `</header>\n<div class="ballast-modules">\n`,
  ];
  // The first image shown loads eagerly (likely above the fold); the rest lazily.
  for (const block of head.modules) parts.push(renderModule(block, options, block === firstImage));
  parts.push(`</div>\n</main>\n<script src="${escapeHtml(options.widgetUrl)}" async></script>\n</body>\n</html>\n`);
  return parts.join("");
}
