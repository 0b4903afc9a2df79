// Entry HTML as stored: sanitised against the allowlist at the boundary (request) and again when applied (worker).
import { entryPlainText, sanitizeEntryHtml } from "../content/sanitize-entry-html";
import { readEnv } from "../env";
import { AppError } from "../errors";

const NOTHING_LEFT = "Entry text is required (nothing was left after removing unsupported markup).";

export function cleanEntryBody(body: string): string {
  const html = sanitizeEntryHtml(body, { mediaBaseUrl: readEnv().publicBaseUrl });
  // An image or an embed on its own is a valid entry; an empty shell is not.
  if (!entryPlainText(html) && !/<img\s|data-embed=/.test(html)) throw new AppError("invalid_input", NOTHING_LEFT, { body: NOTHING_LEFT });
  return html;
}
