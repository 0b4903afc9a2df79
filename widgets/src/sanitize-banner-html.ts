// The widget's own allowlist for banner messages: strong, b, em, i, and a[href] with an http(s) or mailto URL.
// Safety comes from the output, not the parse: every tag is re-emitted from scratch, every text `<`/`>` is escaped,
// so even input this tiny tokenizer misreads can only come out as harmless text.

const ALLOWED = /^(strong|b|em|i|a)$/;
/** Elements whose content is code, not reader text: dropped with the element. */
const RAW_TEXT = /^(script|style)$/;
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<[!?/][^>]*>?|<([a-zA-Z][^\t\n\f\r />]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|</g;
const ATTRIBUTE = /([^\t\n\f\r "'>/=]+)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]+)))?/g;
const CHARACTER_REFERENCE = /&(?:#[xX]([0-9a-fA-F]+);?|#(\d+);?|(amp|lt|gt|quot|apos|colon|tab|newline);)/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n" };

/** Text as markup: `<` and `>` escaped, `&` kept only where it starts a character reference. */
const escapeText = (text: string) => text.replace(/&(?!#?[0-9a-zA-Z]+;?)/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function decodeReferences(value: string): string {
  return value.replace(CHARACTER_REFERENCE, (whole, hex?: string, decimal?: string, name?: string) => {
    if (name) return NAMED[name] as string;
    const code = hex ? parseInt(hex, 16) : Number(decimal);
    // Anything undecodable here stays as an escaped literal in the output, so what was checked is what the browser gets.
    return code > 0 && code < 0x110000 && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
  });
}

/** The URL an href attribute really holds, if it is http(s) or mailto with no control characters anywhere in it. */
export function safeLinkUrl(raw: string): string | null {
  const url = decodeReferences(raw).trim();
  // Browsers strip tabs and newlines inside URLs: refuse any control character instead of guessing.
  if (/[\u0000-\u001f\u007f]/.test(url)) return null;
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : null;
}

function linkTag(attributes: string): string | null {
  let href: string | null = null;
  let target = "";
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(attributes); match; match = ATTRIBUTE.exec(attributes)) {
    const name = (match[1] as string).toLowerCase();
    const value = match[2] || match[3] || match[4] || "";
    // Browsers keep the first of duplicated attributes.
    if (name === "href" && href === null) href = safeLinkUrl(value) || "";
    if (name === "target" && !target && value === "_blank") target = ' target="_blank"';
  }
  return href ? `<a href="${escapeAttribute(href)}" rel="noopener noreferrer"${target}>` : null;
}

/** Banner message HTML reduced to the allowlist; other tags are dropped but their text is kept. */
export function sanitizeBannerHtml(html: string): string {
  const input = String(html).split("\u0000").join("");
  const open: string[] = [];
  let output = "";
  let index = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(input); match; match = TOKEN.exec(input)) {
    output += escapeText(input.slice(index, match.index));
    index = TOKEN.lastIndex;
    const token = match[0];
    const startName = (match[1] || "").toLowerCase();
    if (token === "<") {
      output += "&lt;";
    } else if (startName) {
      if (RAW_TEXT.test(startName)) {
        const close = input.toLowerCase().indexOf(`</${startName}`, index);
        index = TOKEN.lastIndex = close < 0 ? input.length : close;
      } else if (ALLOWED.test(startName) && !(startName === "a" && open.includes("a"))) {
        const tag = startName === "a" ? linkTag(match[2] || "") : `<${startName}>`;
        if (tag) {
          output += tag;
          open.push(startName);
        }
      }
    } else if (token[1] === "/") {
      const at = open.lastIndexOf(token.slice(2).split(/[\t\n\f\r />]/)[0]!.toLowerCase());
      while (at >= 0 && open.length > at) output += `</${open.pop()}>`;
    }
    // Comments, doctypes, processing instructions and disallowed tags leave nothing behind.
  }
  output += escapeText(input.slice(index));
  while (open.length) output += `</${open.pop()}>`;
  return output;
}
