// Entry HTML as stored: any input (editor, API, Google Docs or Word paste) reduced to the allowlist on write.
import sanitizeHtml from "sanitize-html";
import { cleanEntryTree, serializeEntryTree } from "./clean-entry-tree";
import { DROPPED_WITH_CONTENT, entryGateOptions, mediaUrlPrefix } from "./entry-allowlist";

/** Longest raw entry HTML the write schema should accept. */
export const MAX_ENTRY_HTML_LENGTH = 50_000;

/** Elements whose edges separate words when the HTML is read as plain text. */
const WORD_BREAKING_TAGS = [
  "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img", "hr", "pre",
  "table", "tr", "td", "th", "dd", "dt", "section", "article", "header", "footer", "aside", "nav", "main", "address",
];

/** Idempotent: sanitising stored HTML again returns it unchanged. */
export function sanitizeEntryHtml(html: string, options: { mediaBaseUrl: string }): string {
  const mediaPrefix = mediaUrlPrefix(options.mediaBaseUrl);
  const cleaned = serializeEntryTree(cleanEntryTree(html, mediaPrefix));
  return sanitizeHtml(cleaned, entryGateOptions(mediaPrefix)).trim();
}

/** The words a reader sees, whitespace collapsed: for key-event titles and JSON-LD. Safe on unsanitised input. */
export function entryPlainText(html: string): string {
  const breaksOnly = sanitizeHtml(html, { allowedTags: WORD_BREAKING_TAGS, allowedAttributes: {}, nonTextTags: DROPPED_WITH_CONTENT, parseStyleAttributes: false });
  // sanitize-html escapes every `<` outside a tag, so each match below is a tag: an element edge becomes a space.
  return breaksOnly
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
