// Banner message HTML as stored and as published: short inline rich text only (strong, b, em, i, and links to
// http(s)/mailto with rel="noopener noreferrer"). Run on write (the command's prepare and apply) and again on render.
import sanitizeHtml from "sanitize-html";
import { entryPlainText } from "../content/sanitize-entry-html";
import { DROPPED_WITH_CONTENT } from "../content/entry-allowlist";

export const BANNER_LINK_REL = "noopener noreferrer";
export const BANNER_TAGS = ["strong", "b", "em", "i", "a"];
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** The href as a browser resolves it, or null: absolute http(s)/mailto only, no credentials. */
function bannerLinkHref(href: string | undefined): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!LINK_PROTOCOLS.has(url.protocol) || url.username || url.password || (url.protocol !== "mailto:" && !url.hostname)) return null;
  return url.href;
}

const GATE: sanitizeHtml.IOptions = {
  allowedTags: BANNER_TAGS,
  allowedAttributes: { a: ["href", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: DROPPED_WITH_CONTENT,
  parseStyleAttributes: false,
  enforceHtmlBoundary: false,
  // The link keeps its name (no renaming: see entry-allowlist.ts on sanitize-html's closing-tag bug); rel is forced
  // and the href is normalised to what a browser would follow.
  transformTags: {
    a: (tagName, attribs) => {
      const href = bannerLinkHref(attribs.href);
      const kept: Record<string, string> = href ? { href, rel: BANNER_LINK_REL } : {};
      return { tagName, attribs: kept };
    },
  },
  // A link without a usable address is unwrapped: its words stay, the link goes.
  exclusiveFilter: (frame) => (frame.tag === "a" && !frame.attribs.href ? "excludeTag" : false),
};

/** Idempotent: sanitising stored HTML again returns it unchanged. Block ends and line breaks become spaces. */
export function sanitizeBannerHtml(html: string): string {
  // Only adds spaces where an editor's paragraphs met; the gate below decides what survives.
  const spaced = html.replace(/<\/(?:p|div|li|h[1-6]|blockquote)\s*>|<br\s*\/?>/gi, " ");
  return sanitizeHtml(spaced, GATE).replace(/\s+/g, " ").trim();
}

/** What a reader reads, for length limits and the admin list. */
export function bannerPlainText(html: string): string {
  return entryPlainText(html);
}

/** A plain-text field (the button label): markup dropped, whitespace collapsed, and no angle brackets left (the widget
 * inserts it as text; without them no careless consumer can ever read it as markup). */
export function plainTextLabel(value: string): string {
  return entryPlainText(value).replace(/[<>]/g, "").replace(/\s+/g, " ").trim();
}
