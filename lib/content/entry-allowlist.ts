// The entry HTML allowlist: URL rules shared by the cleaner and the sanitize-html gates that end every pass.
import sanitizeHtml from "sanitize-html";
import { parseEmbedUrl } from "./embeds";

export const LINK_REL = "noopener noreferrer nofollow";

/** Tags an entry may contain, besides the embed placeholder `div[data-embed][data-url]`. */
export const ENTRY_TAGS = ["p", "br", "strong", "em", "s", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "figure", "figcaption", "img"];

/** Removed with everything inside: code, form controls, media fallbacks and foreign (SVG/MathML) markup are never entry text. */
export const DROPPED_WITH_CONTENT = [
  "script", "style", "template", "noscript", "noembed", "noframes", "iframe", "frame", "frameset", "object", "applet", "embed",
  "svg", "math", "textarea", "select", "option", "datalist", "xmp", "plaintext", "title", "xml", "canvas", "audio", "video",
];

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const MEDIA_FILE_NAME = /^[0-9a-f]{64}\.(?:png|jpg|gif|webp)$/;

/** The href as a browser resolves it, or null: absolute http(s)/mailto only, no credentials (`https://bank.com@evil.com`). */
export function safeLinkHref(href: string | undefined): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!LINK_PROTOCOLS.has(url.protocol) || url.username || url.password) return null;
  return url.href;
}

/** `<mediaBaseUrl>/media/`; throws on a base that is not an absolute http(s) URL (a configuration error). */
export function mediaUrlPrefix(mediaBaseUrl: string): string {
  const base = new URL(mediaBaseUrl);
  if ((base.protocol !== "https:" && base.protocol !== "http:") || base.search || base.hash) {
    throw new Error(`mediaBaseUrl must be an absolute http(s) URL without query or fragment, got ${JSON.stringify(mediaBaseUrl)}`);
  }
  return `${mediaBaseUrl.replace(/\/+$/, "")}/media/`;
}

/** Uploaded media only: `<mediaBaseUrl>/media/<sha256>.<ext>`, compared as an exact string. */
export function isMediaUrl(src: string | undefined, mediaPrefix: string): boolean {
  return src !== undefined && src.startsWith(mediaPrefix) && MEDIA_FILE_NAME.test(src.slice(mediaPrefix.length));
}

export function isCanonicalEmbed(attribs: Record<string, string>): boolean {
  const embed = parseEmbedUrl(attribs["data-url"] ?? "");
  return embed !== null && embed.provider === attribs["data-embed"] && embed.canonicalUrl === attribs["data-url"];
}

/**
 * sanitize-html options for the stored format. No transformTags on purpose: sanitize-html 2.18 emits a wrong closing
 * tag after a tag renamed to a disallowed name, so renaming and unwrapping happen in the cleaner and this pass only filters.
 */
export function entryGateOptions(mediaPrefix: string): sanitizeHtml.IOptions {
  return {
    allowedTags: [...ENTRY_TAGS, "div"],
    allowedAttributes: { a: ["href", "title", "rel"], img: ["src", "alt", "width", "height"], div: ["data-embed", "data-url"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowedSchemesAppliedToAttributes: [...sanitizeHtml.defaults.allowedSchemesAppliedToAttributes, "data-url"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: DROPPED_WITH_CONTENT,
    parseStyleAttributes: false,
    enforceHtmlBoundary: false,
    // Rules an attribute allowlist cannot express; the cleaner already meets them, so these only fire on its bugs.
    exclusiveFilter: (frame) => {
      if (frame.tag === "img") return !isMediaUrl(frame.attribs.src, mediaPrefix);
      if (frame.tag === "a") return safeLinkHref(frame.attribs.href) === frame.attribs.href && frame.attribs.rel === LINK_REL ? false : "excludeTag";
      if (frame.tag === "div") return isCanonicalEmbed(frame.attribs) ? false : "excludeTag";
      return false;
    },
  };
}
