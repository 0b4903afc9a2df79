// Strips what Google Docs and Word put on the clipboard around the content, before the editor parses a paste.
// Browser-safe string work only; the server sanitiser (lib/content/sanitize-entry-html.ts) is the real guarantee.

// Google Docs wraps a whole copied fragment in a bold tag that is not bold; Tiptap would make everything bold.
const GOOGLE_DOCS_WRAPPER = /<b\b[^>]*\bid\s*=\s*["']?docs-internal-guid-[^>]*>/i;

export function cleanPastedHtml(html: string): string {
  let cleaned = html
    // Word's conditional comments (`<!--[if gte mso 9]>…<![endif]-->`) and their down-level-revealed form.
    .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, "")
    .replace(/<!\[if[^>]*>|<!\[endif\]>/gi, "")
    // Every other comment, including `<!--StartFragment-->`.
    .replace(/<!--[\s\S]*?-->/g, "")
    // Elements whose content is never text for the entry.
    .replace(/<(style|script|title|xml|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<(meta|link)\b[^>]*>/gi, "")
    // Word's empty-paragraph filler, content and all.
    .replace(/<o:p\b[^>]*>[\s\S]*?<\/o:p\s*>/gi, "")
    // Any other Office namespace tag (`<st1:place>`, `<w:…>`): drop the tag, keep the words inside.
    .replace(/<\/?[a-z][\w-]*:[a-z][\w-]*\b[^>]*>/gi, "");

  const wrapper = GOOGLE_DOCS_WRAPPER.exec(cleaned);
  if (wrapper) {
    const start = wrapper.index;
    const rest = cleaned.slice(start + wrapper[0].length);
    // The wrapper encloses the whole fragment, so its end tag is the last `</b>`.
    const close = rest.toLowerCase().lastIndexOf("</b>");
    cleaned = cleaned.slice(0, start) + (close === -1 ? rest : rest.slice(0, close) + rest.slice(close + "</b>".length));
  }
  return cleaned;
}
