// One live blog in one container: polls the head, reconciles the stream in place, loads archive pages on demand.
import type { TArchivePage, TArchivePageRef, TKeyEvent, TLiveBlogHead, TPublishedEntry } from "../../lib/render/schemas";
import { injectStyles } from "./inject-styles";
import { loadQuestions } from "./load-banners";
import { el, refreshTimes, renderEntry, renderKeyEvents } from "./render-entry";
import { startPoller } from "./start-poller";

export type TMountOptions = { headUrl: string; pollSeconds: number };

/** A stream entry on screen; `seq` is NaN for an adopted server-rendered entry that did not say its seq yet. */
type TShown = { el: HTMLElement; seq: number; version: string | null };

const ENTRY_HASH = /^#entry-(.+)$/;

async function getJson<T>(url: string, cache?: RequestCache): Promise<T> {
  const response = await fetch(url, { cache, credentials: "omit" });
  if (!response.ok) throw Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

export function mountLiveBlog(root: HTMLElement, { headUrl, pollSeconds }: TMountOptions): void {
  injectStyles();
  // Progressive enhancement: server-rendered stream entries are kept as they are; the rest of the container is rebuilt.
  const adopted = Array.from(root.querySelectorAll<HTMLElement>("article[data-entry-id]")).filter((article) => !article.closest(".ballast-pinned"));
  root.textContent = "";
  root.classList.add("ballast-liveblog");
  const pinnedSection = el("section", "ballast-pinned");
  pinnedSection.setAttribute("aria-label", "Pinned");
  const keyEventsNav = el("nav", "ballast-key-events");
  keyEventsNav.setAttribute("aria-label", "Key events");
  const bar = el("div", "ballast-bar");
  bar.setAttribute("aria-live", "polite");
  const newButton = el("button", "ballast-new");
  const list = el("div", "ballast-entries");
  list.setAttribute("aria-live", "polite");
  const olderButton = el("button", "ballast-older", "Load older updates");
  newButton.type = olderButton.type = "button";
  pinnedSection.hidden = keyEventsNav.hidden = newButton.hidden = olderButton.hidden = true;
  bar.append(newButton);
  root.append(pinnedSection, keyEventsNav, bar, list, olderButton);

  const shown = new Map<string, TShown>();
  /** Lowest seq from which the stream shows every entry (older ones come from "Load older"). */
  let floor = Infinity;
  for (const article of adopted) {
    const id = article.getAttribute("data-entry-id") as string;
    const seq = parseInt(article.getAttribute("data-entry-seq") || "", 10);
    article.id = `entry-${id}`;
    article.classList.add("ballast-entry");
    list.append(article);
    shown.set(id, { el: article, seq, version: article.getAttribute("data-entry-version") || article.getAttribute("data-entry-updated") });
    if (seq < floor) floor = seq;
  }

  let version = 0;
  let loaded = false;
  /** Every entry with seq >= headFloor is in the current head, so a shown one missing from it was deleted. */
  let headFloor = 1;
  let pages: TArchivePageRef[] = [];
  let pending: TPublishedEntry[] = [];
  let pinnedKey = "";
  let keyEventsKey = "";
  /** Archive page number -> the path whose content the shown entries of that page reflect. */
  const pagePaths = new Map<number, string>();
  let chain: Promise<unknown> = Promise.resolve();
  // Head reconciliation, archive loads and deep-link seeks mutate the same state, so they run one at a time.
  const serial = (task: () => unknown) => (chain = chain.then(task).catch(() => undefined));

  const seqOf = (node: Element) => {
    const item = shown.get(node.getAttribute("data-entry-id") || "");
    return item ? item.seq : NaN;
  };

  function place(entry: TPublishedEntry): HTMLElement {
    const node = renderEntry(entry);
    shown.set(entry.id, { el: node, seq: entry.seq, version: entry.updatedAt });
    let after = list.lastElementChild;
    while (after && !(seqOf(after) > entry.seq)) after = after.previousElementSibling;
    list.insertBefore(node, after ? after.nextSibling : list.firstChild);
    return node;
  }

  /** Updates edited entries in place, removes covered ones that are gone, places new ones (newer ones wait in `pending` for a head). */
  function reconcile(entries: readonly TPublishedEntry[], covers: (seq: number) => boolean, fromHead?: boolean) {
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    let top = -Infinity;
    shown.forEach((item, id) => {
      const entry = byId.get(id);
      if (entry) {
        item.seq = entry.seq;
        if (item.version !== entry.updatedAt) {
          const node = renderEntry(entry);
          item.el.replaceWith(node);
          item.el = node;
          item.version = entry.updatedAt;
        }
      } else if (covers(item.seq)) {
        item.el.remove();
        shown.delete(id);
      }
      if (shown.has(id) && item.seq > top) top = item.seq;
    });
    const holdNewer = fromHead && loaded && shown.size > 0;
    const fresh: TPublishedEntry[] = [];
    for (const entry of entries) {
      if (shown.has(entry.id) || entry.seq < floor) continue;
      if (holdNewer && entry.seq > top) fresh.push(entry);
      else place(entry);
    }
    if (fromHead) {
      pending = fresh;
      newButton.hidden = !fresh.length;
      newButton.textContent = fresh.length === 1 ? "1 new update" : `${fresh.length} new updates`;
    }
  }

  function showPending() {
    const nodes = pending.map(place);
    pending = [];
    newButton.hidden = true;
    const first = nodes[0];
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  }

  function showPinned(entry: TPublishedEntry | null) {
    const key = entry ? entry.id + entry.updatedAt : "";
    if (key === pinnedKey) return;
    pinnedKey = key;
    pinnedSection.textContent = "";
    pinnedSection.hidden = !entry;
    if (entry) pinnedSection.append(el("h2", "ballast-heading", "Pinned"), renderEntry(entry, true));
  }

  function showKeyEvents(events: readonly TKeyEvent[]) {
    const key = JSON.stringify(events);
    if (key === keyEventsKey) return;
    keyEventsKey = key;
    keyEventsNav.textContent = "";
    keyEventsNav.hidden = !events.length;
    keyEventsNav.append(el("h2", "ballast-heading", "Key events"), renderKeyEvents(events));
  }

  const nextPage = () => pages.find((ref) => ref.firstSeq < floor);
  const updateOlder = () => (olderButton.hidden = !nextPage());

  async function loadPage(ref: TArchivePageRef) {
    const page = await getJson<TArchivePage>(new URL(ref.path, headUrl).href);
    if (!Array.isArray(page.entries)) throw Error("bad page");
    floor = Math.min(floor, ref.firstSeq);
    reconcile(page.entries, (seq) => seq >= ref.firstSeq && seq <= ref.lastSeq);
    pagePaths.set(ref.page, ref.path);
  }

  async function loadOlder() {
    const ref = nextPage();
    if (!ref) return;
    olderButton.disabled = true;
    list.setAttribute("aria-busy", "true");
    try {
      await loadPage(ref);
    } finally {
      olderButton.disabled = false;
      list.removeAttribute("aria-busy");
      updateOlder();
    }
  }

  async function apply(head: TLiveBlogHead) {
    if (head.version <= version) return; // never go backwards (a stale CDN edge), nothing new at the same version
    version = head.version;
    root.setAttribute("data-status", head.liveblog.status);
    loadQuestions(root, head.questions);
    showPinned(head.pinned || null);
    showKeyEvents(head.keyEvents || []);
    pages = head.pages;
    const oldest = head.entries[head.entries.length - 1];
    headFloor = Math.min(oldest ? oldest.seq : Infinity, (pages[0] ? pages[0].lastSeq : 0) + 1);
    floor = Math.min(floor, headFloor);
    reconcile(head.entries, (seq) => seq >= headFloor, true);
    loaded = true;
    for (const ref of pages) {
      const known = pagePaths.get(ref.page);
      // A new path means an entry in that page was edited or deleted; refetch only if we show entries the head no longer covers.
      const stale = known !== undefined && known !== ref.path && [...shown.values()].some((item) => item.seq >= ref.firstSeq && item.seq <= ref.lastSeq && item.seq < headFloor);
      if (!stale) pagePaths.set(ref.page, ref.path);
      else await loadPage(ref).catch(() => undefined);
    }
    updateOlder();
  }

  async function seekHash() {
    const match = ENTRY_HASH.exec(location.hash);
    if (!match) return;
    const id = decodeURIComponent(match[1] as string);
    if (pending.some((entry) => entry.id === id)) showPending();
    while (!shown.has(id) && nextPage()) await loadOlder();
    const item = shown.get(id);
    if (item) item.el.scrollIntoView();
  }

  /** The blog was taken down (back to draft): what was on screen goes too; a later head starts afresh. */
  function withdraw() {
    shown.forEach((item) => item.el.remove());
    shown.clear();
    pagePaths.clear();
    pending = pages = [];
    version = 0;
    floor = Infinity;
    showPinned(null);
    showKeyEvents([]);
    newButton.hidden = olderButton.hidden = true;
    root.setAttribute("data-status", "gone");
    loadQuestions(root);
  }

  newButton.addEventListener("click", showPending);
  olderButton.addEventListener("click", () => serial(loadOlder));
  window.addEventListener("hashchange", () => serial(seekHash));

  startPoller(
    async () => {
      const response = await fetch(headUrl, { cache: "no-cache", credentials: "omit" });
      if (response.status === 404) {
        await serial(withdraw);
        return Math.max(pollSeconds, 30);
      }
      if (!response.ok) throw Error(`HTTP ${response.status}`);
      const head = (await response.json()) as TLiveBlogHead;
      if (!(head.schema >= 2 && Array.isArray(head.entries) && Array.isArray(head.pages))) throw Error("bad head");
      const first = !loaded;
      await serial(() => apply(head));
      if (first) serial(seekHash);
      refreshTimes(root);
      // Ended blogs still get corrections, just not every few seconds.
      return head.liveblog.status === "live" ? pollSeconds : Math.max(pollSeconds, 60);
    },
    pollSeconds,
    () => root.isConnected,
  );
}
