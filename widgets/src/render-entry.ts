// DOM builders for entries and key events. Text from JSON goes through textContent; only `html` is inserted as markup.
import type { TKeyEvent, TPublishedEntry } from "../../lib/render/schemas";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

let relative: Intl.RelativeTimeFormat | undefined;
let clock: Intl.DateTimeFormat | undefined;
let dated: Intl.DateTimeFormat | undefined;

/** "now" / "5 minutes ago" within the hour, the short clock time today, date and time before that (reader's locale). */
export function formatTime(iso: string, nowMs = Date.now()): string {
  const date = new Date(iso);
  const seconds = (nowMs - date.getTime()) / 1000;
  relative ||= new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  if (seconds < 60) return relative.format(0, "second");
  if (seconds < 3600) return relative.format(-Math.floor(seconds / 60), "minute");
  if (date.toDateString() === new Date(nowMs).toDateString()) return (clock ||= new Intl.DateTimeFormat(undefined, { timeStyle: "short" })).format(date);
  return (dated ||= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" })).format(date);
}

function renderTime(iso: string): HTMLTimeElement {
  const time = el("time", "", formatTime(iso));
  time.dateTime = iso;
  return time;
}

/** One entry (same markup as lib/render's static page); the pinned copy is `pinned-<id>` so `entry-<id>` stays unique. */
export function renderEntry(entry: TPublishedEntry, pinnedCopy?: boolean): HTMLElement {
  const article = el("article", `ballast-entry ballast-entry--${entry.kind}`);
  article.id = `${pinnedCopy ? "pinned" : "entry"}-${entry.id}`;
  if (pinnedCopy) article.setAttribute("data-pinned-entry-id", entry.id);
  else {
    article.setAttribute("data-entry-id", entry.id);
    article.setAttribute("data-entry-seq", String(entry.seq));
    article.setAttribute("data-entry-version", entry.updatedAt);
  }
  const header = el("header", "ballast-entry-header");
  const permalink = el("a", "ballast-permalink", "Link");
  permalink.href = `#entry-${entry.id}`;
  header.append(renderTime(entry.createdAt), el("span", "ballast-author", entry.author.name));
  if (entry.kind === "key_event") header.append(el("span", "ballast-label ballast-label--key-event", "Key event"));
  if (entry.edited) header.append(el("span", "ballast-label ballast-label--updated", "Updated"));
  header.append(permalink);
  const body = el("div", "ballast-entry-body");
  // Safe by contract: the publisher sanitises entry HTML server-side (lib/render) before it is published.
  body.innerHTML = entry.html;
  article.append(header, body);
  return article;
}

export function renderKeyEvents(events: readonly TKeyEvent[]): HTMLOListElement {
  const list = el("ol");
  for (const event of events) {
    const link = el("a", "", event.title);
    link.href = `#entry-${event.id}`;
    const item = el("li");
    item.append(renderTime(event.createdAt), " ", link);
    list.append(item);
  }
  return list;
}

/** Re-formats entry and key-event times (also server-rendered ones), leaving times inside entry bodies alone. */
export function refreshTimes(root: HTMLElement, nowMs = Date.now()): void {
  root.querySelectorAll<HTMLTimeElement>(".ballast-entry-header>time,.ballast-key-events time").forEach((time) => {
    if (time.dateTime) time.textContent = formatTime(time.dateTime, nowMs);
  });
}
