// Banners file (loaded by the entry only on pages with a slot): fills each `[data-ballast-banners]` slot with the
// matching banners of banners/latest.json and the notice of banners/notice.json, decided in the reader's browser.
import { injectBannerStyles } from "./banner-styles";
import type { TBannersApi, TLocation } from "./banners-api";
import { readStored, writeStored } from "./banner-storage";
import {
  dismissalKey,
  matchesReader,
  newerNotice,
  nextBoundaryMs,
  normalizeState,
  normalizeZip,
  readBannerSet,
  readNoticeDocument,
  selectBanners,
  type TBanner,
  type TBannerSet,
  type TNotice,
  type TNoticeDocument,
  type TReader,
} from "./match-banners";
import { renderBanner, renderNotice } from "./render-banner";
import { startPoller } from "./start-poller";
import { WIDGET_VERSION } from "./version";

/** What a slot draws before the network answers: its last candidates (placement and target matched) and notice. */
type TMemory = { banners: TBanner[]; notice: TNotice | null };

type TFeed = { url: string; set: TBannerSet | null; notice: TNoticeDocument | null; poll: () => void };

type TSlot = {
  container: HTMLElement;
  feed: TFeed;
  placement: string;
  state: string | null;
  zip: string | null;
  limit: number;
  memoryKey: string;
  memory: TMemory | null;
  /** id:version (or notice:id) -> the node on screen, reused so unchanged banners are never redrawn or re-announced. */
  nodes: Map<string, HTMLElement>;
};

const DEFAULT_POLL_SECONDS = 5;
const DEFAULT_LIMIT = 3;
/** Remembered candidates per slot: enough for the limit even when a few on top are dismissed or not yet open. */
const MEMORY_SIZE = 20;
const MAX_DISMISSALS = 200;
const MINUTE_MS = 60_000;

// Captured while this file runs: the default banners URL is next to widgets/, wherever the CDN serves it.
const ownSrc = ((document.currentScript || {}) as HTMLScriptElement).src || document.baseURI;
const feeds = new Map<string, TFeed>();
const slots: TSlot[] = [];
const mounted = new WeakSet<Element>();
let clockTimer: ReturnType<typeof setTimeout> | undefined;

const storedLocation = readStored("location") as TLocation | null;
const readerLocation = { state: normalizeState(storedLocation && storedLocation.state), zip: normalizeZip(storedLocation && storedLocation.zip) };
const storedDismissals = readStored("dismissed");
const dismissed = new Set<string>(Array.isArray(storedDismissals) ? storedDismissals.filter((key) => typeof key === "string") : []);

const readerOf = (slot: TSlot): TReader => ({ placement: slot.placement, state: slot.state || readerLocation.state, zip: slot.zip || readerLocation.zip });

function readMemory(key: string): TMemory | null {
  const stored = readStored(`shown:${key}`) as { banners?: unknown; notice?: unknown } | null;
  try {
    return stored && { banners: readBannerSet({ schema: 1, version: 0, banners: stored.banners }).banners, notice: readNoticeDocument({ schema: 1, version: 0, notice: stored.notice }).notice };
  } catch {
    return null;
  }
}

/** The banners this reader could see in the slot (any time), and the notice: from the network, else from memory. */
function candidatesOf(slot: TSlot): TMemory {
  const { set, notice } = slot.feed;
  const memory = slot.memory || { banners: [], notice: null };
  const reader = readerOf(slot);
  const latest = newerNotice(notice, set && set.notice);
  return { banners: (set || memory).banners.filter((banner) => matchesReader(banner, reader)), notice: latest ? latest.notice : memory.notice };
}

function dismiss(slot: TSlot, banner: TBanner): void {
  const node = slot.nodes.get(dismissalKey(banner));
  const hadFocus = !!node && node.contains(document.activeElement);
  dismissed.add(dismissalKey(banner));
  writeStored("dismissed", Array.from(dismissed).slice(-MAX_DISMISSALS));
  renderAll();
  // Focus would otherwise fall back to the top of the page.
  if (hadFocus) slot.container.focus();
}

/** `drawn`: keys already on the page in an earlier slot: the notice and a sitewide banner are shown (and announced) once. */
function render(slot: TSlot, nowMs: number, drawn: Set<string>): void {
  const { banners, notice } = candidatesOf(slot);
  const nodes = new Map<string, HTMLElement>();
  const wanted: HTMLElement[] = [];
  const show = (key: string, draw: () => HTMLElement) => {
    if (drawn.has(key)) return;
    drawn.add(key);
    const node = slot.nodes.get(key) || draw();
    nodes.set(key, node);
    wanted.push(node);
  };
  if (notice) show(`notice:${notice.id}:${notice.message}`, () => renderNotice(notice));
  for (const banner of selectBanners(banners, readerOf(slot), { nowMs, limit: slot.limit, dismissed })) {
    show(dismissalKey(banner), () => renderBanner(banner, (dismissedBanner) => dismiss(slot, dismissedBanner)));
  }
  slot.nodes = nodes;
  const { container } = slot;
  // Only nodes whose place changed are moved: an unchanged slot is not touched at all.
  wanted.forEach((node, index) => {
    if (container.children[index] !== node) container.insertBefore(node, container.children[index] || null);
  });
  while (container.children.length > wanted.length) container.removeChild(container.lastChild as ChildNode);
}

/** Redraws every slot by the reader's clock, then wakes at the next start or end, and at least once a minute. */
function renderAll(): void {
  const nowMs = Date.now();
  let nextMs = nowMs + MINUTE_MS;
  const drawn = new Set<string>();
  for (const slot of slots) {
    render(slot, nowMs, drawn);
    nextMs = Math.min(nextMs, nextBoundaryMs(candidatesOf(slot).banners, nowMs));
  }
  clearTimeout(clockTimer);
  clockTimer = setTimeout(renderAll, nextMs - nowMs);
}

/** Remembers what each slot of `feed` may draw next visit, so a returning reader sees it at once (no layout shift). */
function remember(feed: TFeed): void {
  for (const slot of slots) {
    if (slot.feed !== feed) continue;
    const candidates = candidatesOf(slot);
    slot.memory = { banners: candidates.banners.slice(0, MEMORY_SIZE), notice: candidates.notice };
    writeStored(`shown:${slot.memoryKey}`, slot.memory);
  }
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { cache: "no-cache", credentials: "omit" });
  if (response.status === 404) return null; // nothing published (yet), or the notice was never issued
  if (!response.ok) throw Error(`HTTP ${response.status}`);
  return response.json();
}

function feedFor(url: string, pollSeconds: number): TFeed {
  const known = feeds.get(url);
  if (known) return known;
  const feed: TFeed = { url, set: null, notice: null, poll: () => undefined };
  feeds.set(url, feed);
  const noticeUrl = new URL("notice.json", url).href;
  feed.poll = startPoller(
    async () => {
      let failed = false;
      // Each document keeps its last good state on its own: a bad or missing answer for one leaves the other shown.
      await Promise.all([
        getJson(url).then((json) => {
          const set = json === null ? { version: 0, banners: [] } : readBannerSet(json);
          // A stale CDN edge must not take the reader back to an older set.
          if (json === null || !feed.set || set.version >= feed.set.version) feed.set = set;
        }),
        getJson(noticeUrl).then((json) => {
          const notice = json === null ? { version: 0, notice: null } : readNoticeDocument(json);
          if (json === null || !feed.notice || notice.version >= feed.notice.version) feed.notice = notice;
        }),
      ].map((loading) => loading.catch(() => void (failed = true))));
      remember(feed);
      renderAll();
      if (failed) throw Error("banners unavailable");
      return pollSeconds;
    },
    pollSeconds,
    () => true,
  );
  return feed;
}

/** Fills a slot: the element itself, or a container inserted right before a script tag. A no-op the second time. */
function init(element: Element): void {
  const placement = element.getAttribute("data-ballast-banners");
  if (!placement || mounted.has(element)) return;
  mounted.add(element);
  const isScript = element.tagName === "SCRIPT";
  let container = element as HTMLElement;
  if (isScript) {
    container = document.createElement("div");
    element.before(container);
  } else container.textContent = "";
  container.classList.add("ballast-banners");
  container.tabIndex = -1;
  injectBannerStyles();
  const attribute = (name: string) => element.getAttribute(`data-${name}`);
  const scriptSrc = isScript ? (element as HTMLScriptElement).src : "";
  const url = attribute("banners-url") ? new URL(attribute("banners-url") as string, document.baseURI).href : new URL("../banners/latest.json", scriptSrc || ownSrc).href;
  const limit = parseInt(attribute("limit") || "", 10);
  const memoryKey = `${url} ${placement}`;
  const slot: TSlot = {
    container,
    feed: feedFor(url, Math.max(1, Number(attribute("poll-seconds")) || DEFAULT_POLL_SECONDS)),
    placement,
    state: normalizeState(attribute("state")),
    zip: normalizeZip(attribute("zip")),
    limit: isNaN(limit) ? DEFAULT_LIMIT : Math.max(0, limit),
    memoryKey,
    memory: readMemory(memoryKey),
    nodes: new Map(),
  };
  slots.push(slot);
  // Drawn now, from memory (or the feed another slot already loaded), before any network answer.
  renderAll();
}

function setLocation(next: TLocation): void {
  if (!next) return;
  if (next.state !== undefined) readerLocation.state = normalizeState(next.state);
  if (next.zip !== undefined) readerLocation.zip = normalizeZip(next.zip);
  writeStored("location", readerLocation);
  renderAll();
  feeds.forEach((feed) => feed.set && remember(feed));
}

// window.Ballast is the only global; a second copy of this file reuses the first one's API, slots and feeds.
const host = window as unknown as { Ballast?: { banners?: TBannersApi } };
const namespace = (host.Ballast = host.Ballast || {});
const api = namespace.banners || (namespace.banners = { version: WIDGET_VERSION, init, setLocation, refresh: () => feeds.forEach((feed) => feed.poll()) });
const scan = () => document.querySelectorAll("[data-ballast-banners]").forEach((element) => api.init(element));
scan();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
