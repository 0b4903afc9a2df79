// Reader HTML for one stored version of an entry or draft. A version's HTML never changes, and the publisher and the
// admin stream (polled every 2 s by each editor) render the same versions over and over, so it is rendered once.
import { renderEntryHtml } from "./render-entry-html";

const renderedByVersion = new Map<string, string>();
const MAX_CACHED_RENDERS = 20_000;

/** `versionKey` names the stored HTML exactly, e.g. `entry:<id>:<version>`. */
export function renderEntryVersionHtml(versionKey: string, storedHtml: string, options: { mediaBaseUrl: string }): string {
  const cacheKey = `${versionKey}@${options.mediaBaseUrl}`;
  let html = renderedByVersion.get(cacheKey);
  if (html === undefined) {
    html = renderEntryHtml(storedHtml, options);
    if (renderedByVersion.size >= MAX_CACHED_RENDERS) renderedByVersion.clear();
    renderedByVersion.set(cacheKey, html);
  }
  return html;
}
