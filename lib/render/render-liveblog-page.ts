// Pure renderer for `liveblogs/<slug>/index.html`: a standalone page readable without JavaScript; same input, byte-identical output.
import type { TKeyEvent, TLiveBlogHead, TPublishedEntry } from "./schemas";

export type TLiveBlogPageOptions = {
  /** Canonical public URL of this page. */
  pageUrl: string;
  /** URL of the blog's `latest.json`, polled by the widget. */
  headUrl: string;
  /** URL of the widget script that takes over live updates and "load older". */
  widgetUrl: string;
  siteName?: string;
};

/** Google truncates LiveBlogPosting update headlines beyond this. */
const HEADLINE_MAX_CHARS = 110;
const DESCRIPTION_MAX_CHARS = 160;

const STYLE =
  ":root{--ballast-font:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;--ballast-accent:#c8102e;--ballast-text:#1a1a1a;--ballast-muted:#5f6368;--ballast-bg:#fff;--ballast-border:#e2e2e2}" +
  "*{box-sizing:border-box}" +
  "body{margin:0;background:var(--ballast-bg);color:var(--ballast-text);font:1rem/1.55 var(--ballast-font)}" +
  "a{color:var(--ballast-accent)}" +
  ".ballast-page{max-width:42rem;margin:0 auto;padding:1rem}" +
  ".ballast-page h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0}" +
  ".ballast-page h2{font-size:1rem;margin:.75rem 0 .5rem}" +
  ".ballast-description,.ballast-status,.ballast-entry-header,.ballast-older,.ballast-key-events time{color:var(--ballast-muted)}" +
  ".ballast-badge{display:inline-block;padding:0 .5rem;border-radius:.25rem;background:var(--ballast-accent);color:var(--ballast-bg);font-size:.8rem;font-weight:700;text-transform:uppercase}" +
  ".ballast-pinned,.ballast-key-events{margin:1rem 0;padding:0 1rem;border:1px solid var(--ballast-border);border-radius:.5rem}" +
  ".ballast-key-events ol{margin:0 0 .75rem;padding-left:1.25rem}" +
  ".ballast-key-events time{display:block;font-size:.8rem}" +
  ".ballast-entry{padding:1rem 0;border-top:1px solid var(--ballast-border)}" +
  ".ballast-pinned .ballast-entry{border-top:0;padding-top:0}" +
  ".ballast-entry--key_event{padding-left:.75rem;border-left:4px solid var(--ballast-accent)}" +
  ".ballast-entry-header{display:flex;flex-wrap:wrap;gap:.25rem .75rem;font-size:.875rem}" +
  ".ballast-label{font-weight:700;color:var(--ballast-accent)}" +
  ".ballast-permalink{margin-left:auto;color:inherit}" +
  ".ballast-entry-body img,.ballast-entry-body video{max-width:100%;height:auto}" +
  ".ballast-entry-body iframe{max-width:100%}";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
function escapeHtml(value: string): string {
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char) : value;
}

const JSON_SCRIPT_ESCAPES: ReadonlyArray<readonly [string, string]> = [
  ["<", "\\u003c"],
  [">", "\\u003e"],
  ["&", "\\u0026"],
  ["\u2028", "\\u2028"],
  ["\u2029", "\\u2029"],
];

/** JSON safe inside a <script> element: it cannot close the element or open a comment. */
function jsonForScript(value: unknown): string {
  let json = JSON.stringify(value);
  // Plain string scans: much faster than a regex over a large two-byte string.
  for (const [char, escaped] of JSON_SCRIPT_ESCAPES) if (json.includes(char)) json = json.replaceAll(char, escaped);
  return json;
}

/** "27 Nov 2026, 21:04 UTC": fixed English and UTC, so the output never depends on the machine's locale or zone. */
export function formatUtcTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const hours = String(date.getUTCHours()).padStart(2, "0");
  const minutes = String(date.getUTCMinutes()).padStart(2, "0");
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${hours}:${minutes} UTC`;
}

const BLOCK_TAGS = new Set([
  "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "iframe", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…",
  lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", copy: "©", reg: "®", trade: "™", euro: "€", pound: "£",
};

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith("#")) {
    const codePoint = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    const valid = Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    return valid ? String.fromCodePoint(codePoint) : "\ufffd";
  }
  return NAMED_ENTITIES[body] ?? entity;
}

/** Plain text of an HTML fragment: tags dropped (block tags become spaces), entities decoded, whitespace collapsed. */
export function htmlToPlainText(html: string): string {
  // The guards skip whole passes on typical entries; this runs once per entry on every publish.
  let text = html.includes("<!--") ? html.replace(/<!--[\s\S]*?-->/g, "") : html;
  if (/<(?:script|style|template)\b/i.test(text)) text = text.replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, " ");
  text = text.replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)[^'">]*(?:(?:"[^"]*"|'[^']*')[^'">]*)*>/g, (_tag, name: string) => (BLOCK_TAGS.has(name.toLowerCase()) ? " " : ""));
  if (text.includes("&")) text = text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, decodeEntity);
  return text.replace(/\s{2,}|[^\S ]/g, " ").trim();
}

/** At most maxChars UTF-16 units, ending in "…" when cut, never splitting a surrogate pair. */
function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = text.slice(0, maxChars - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function renderTime(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatUtcTime(iso))}</time>`;
}

/** One entry in the contract the widget adopts; `elementId` differs only for the pinned copy, so ids stay unique. */
function renderEntry(entry: TPublishedEntry, elementId: string, permalinkId: string, streamAttributes: boolean): string {
  const id = escapeHtml(entry.id);
  const attributes = streamAttributes
    ? ` data-entry-id="${id}" data-entry-seq="${entry.seq}" data-entry-updated="${escapeHtml(entry.updatedAt)}"`
    : ` data-pinned-entry-id="${id}"`;
  return (
    `<article class="ballast-entry ballast-entry--${escapeHtml(entry.kind)}" id="${escapeHtml(elementId)}"${attributes}>` +
    `<header class="ballast-entry-header">` +
    renderTime(entry.createdAt) +
    `<span class="ballast-author">${escapeHtml(entry.author.name)}</span>` +
    (entry.kind === "key_event" ? `<span class="ballast-label ballast-label--key-event">Key event</span>` : "") +
    (entry.edited ? `<span class="ballast-label ballast-label--updated" title="Updated ${escapeHtml(formatUtcTime(entry.updatedAt))}">Updated</span>` : "") +
    `<a class="ballast-permalink" href="#${escapeHtml(permalinkId)}">Link</a>` +
    `</header>` +
    // entry.html was sanitised (allowlist) by the render step; it is inserted as is.
    `<div class="ballast-entry-body">${entry.html}</div>` +
    `</article>\n`
  );
}

function renderKeyEvent(keyEvent: TKeyEvent): string {
  return `<li><a href="#entry-${escapeHtml(keyEvent.id)}">${renderTime(keyEvent.createdAt)}${escapeHtml(keyEvent.title)}</a></li>`;
}

function isCoverageOver(head: TLiveBlogHead): boolean {
  return head.liveblog.status === "ended" || head.liveblog.status === "archived";
}

function renderStatus(head: TLiveBlogHead): string {
  if (head.liveblog.status === "live") return `<p class="ballast-status ballast-status--live"><span class="ballast-badge">Live</span></p>\n`;
  if (!isCoverageOver(head)) return "";
  const endedAt = head.liveblog.coverageEndedAt;
  return `<p class="ballast-status ballast-status--ended">Coverage ended${endedAt ? ` ${renderTime(endedAt)}` : ""}</p>\n`;
}

function earliestCreatedAt(entries: readonly TPublishedEntry[]): string | null {
  let earliest: string | null = null;
  let earliestMs = Infinity;
  for (const entry of entries) {
    const ms = Date.parse(entry.createdAt);
    if (ms < earliestMs) {
      earliestMs = ms;
      earliest = entry.createdAt;
    }
  }
  return earliest;
}

function renderJsonLd(head: TLiveBlogHead, options: TLiveBlogPageOptions, description: string, datePublished: string, plainTexts: readonly string[]): string {
  const { liveblog } = head;
  const coverageEndTime = isCoverageOver(head) ? liveblog.coverageEndedAt : null;
  const posting = {
    "@context": "https://schema.org",
    "@type": "LiveBlogPosting",
    headline: liveblog.title,
    description,
    url: options.pageUrl,
    datePublished,
    dateModified: head.publishedAt,
    coverageStartTime: datePublished,
    ...(coverageEndTime ? { coverageEndTime } : {}),
    ...(options.siteName ? { publisher: { "@type": "Organization", name: options.siteName } } : {}),
    liveBlogUpdate: head.entries.map((entry, index) => {
      const articleBody = plainTexts[index] ?? "";
      return {
        "@type": "BlogPosting",
        headline: truncateText(articleBody || liveblog.title, HEADLINE_MAX_CHARS),
        articleBody,
        datePublished: entry.createdAt,
        dateModified: entry.updatedAt,
        url: `${options.pageUrl}#entry-${entry.id}`,
        author: { "@type": "Person", name: entry.author.name },
      };
    }),
  };
  return `<script type="application/ld+json">${jsonForScript(posting)}</script>\n`;
}

export function renderLiveBlogPage(head: TLiveBlogHead, options: TLiveBlogPageOptions): string {
  const { liveblog } = head;
  const plainTexts = head.entries.map((entry) => htmlToPlainText(entry.html));
  const description = truncateText(liveblog.description.trim() || plainTexts[0] || liveblog.title, DESCRIPTION_MAX_CHARS);
  const datePublished = liveblog.coverageStartedAt ?? earliestCreatedAt(head.entries) ?? head.publishedAt;
  const pageTitle = options.siteName ? `${liveblog.title} – ${options.siteName}` : liveblog.title;
  const inStream = new Set(head.entries.map((entry) => entry.id));
  const olderCount = Math.max(0, head.totalEntries - head.entries.length);

  const parts: string[] = [
    `<!doctype html>\n<html lang="en">\n<head>\n`,
    `<meta charset="utf-8">\n`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n`,
    `<title>${escapeHtml(pageTitle)}</title>\n`,
    `<meta name="description" content="${escapeHtml(description)}">\n`,
    liveblog.status === "draft" ? `<meta name="robots" content="noindex">\n` : "",
    `<link rel="canonical" href="${escapeHtml(options.pageUrl)}">\n`,
    `<meta property="og:type" content="article">\n`,
    `<meta property="og:title" content="${escapeHtml(liveblog.title)}">\n`,
    `<meta property="og:description" content="${escapeHtml(description)}">\n`,
    `<meta property="og:url" content="${escapeHtml(options.pageUrl)}">\n`,
    options.siteName ? `<meta property="og:site_name" content="${escapeHtml(options.siteName)}">\n` : "",
    `<meta property="article:published_time" content="${escapeHtml(datePublished)}">\n`,
    `<meta property="article:modified_time" content="${escapeHtml(head.publishedAt)}">\n`,
    `<meta name="twitter:card" content="summary">\n`,
    `<style>${STYLE}</style>\n`,
    renderJsonLd(head, options, description, datePublished, plainTexts),
    `</head>\n<body>\n<main class="ballast-page">\n`,
    `<header class="ballast-page-header">\n<h1>${escapeHtml(liveblog.title)}</h1>\n`,
    liveblog.description.trim() ? `<p class="ballast-description">${escapeHtml(liveblog.description)}</p>\n` : "",
    renderStatus(head),
    `</header>\n`,
  ];

  // Pinned entry and key events sit inside the widget's container, which replaces them with live copies.
  parts.push(`<div class="ballast-liveblog" data-ballast-liveblog="${escapeHtml(options.headUrl)}" data-ballast-version="${head.version}">\n`);
  if (head.pinned) {
    const pinned = head.pinned;
    const permalinkId = inStream.has(pinned.id) ? `entry-${pinned.id}` : `pinned-${pinned.id}`;
    parts.push(
      `<section class="ballast-pinned" aria-labelledby="ballast-pinned-heading">\n<h2 id="ballast-pinned-heading">Pinned</h2>\n`,
      renderEntry(pinned, `pinned-${pinned.id}`, permalinkId, false),
      `</section>\n`,
    );
  }

  if (head.keyEvents.length > 0) {
    parts.push(
      `<nav class="ballast-key-events" aria-labelledby="ballast-key-events-heading">\n<h2 id="ballast-key-events-heading">Key events</h2>\n<ol>`,
      head.keyEvents.map(renderKeyEvent).join(""),
      `</ol>\n</nav>\n`,
    );
  }

  parts.push(`<div class="ballast-entries" aria-live="polite">\n`);
  for (const entry of head.entries) parts.push(renderEntry(entry, `entry-${entry.id}`, `entry-${entry.id}`, true));
  parts.push(`</div>`);
  if (head.pages.length > 0 && olderCount > 0) {
    parts.push(
      `\n<noscript><p class="ballast-noscript">Older updates need JavaScript.</p></noscript>\n`,
      `<p class="ballast-older" data-older-count="${olderCount}">${olderCount} older ${olderCount === 1 ? "update" : "updates"}</p>\n`,
    );
  }
  parts.push(`</div>\n</main>\n<script src="${escapeHtml(options.widgetUrl)}" async></script>\n</body>\n</html>\n`);
  return parts.join("");
}
