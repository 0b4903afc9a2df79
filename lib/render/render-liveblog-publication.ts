// Pure: everything one publish of a live blog uploads, from its snapshot: changed archive pages (immutable), the
// head, and the static page of the same version, plus the page files they replace (deleted after a grace period).
// Also the rollback variant (an earlier head re-pointed, never with deleted entries or deleted files) and what a
// draft withdraws.
import { renderEntryVersionHtml } from "../content/render-entry-version-html";
import type { TPublishPlan, TRenderContext, TWithdrawal } from "../publishing/define-document";
import { renderArchivePage, seqRangeOfPage } from "./render-archive-page";
import { buildLiveBlogHead, type TRenderableLiveBlog } from "./render-liveblog-head";
import { htmlToPlainText, renderLiveBlogPage } from "./render-liveblog-page";
import { toPublishedEntry, type TRenderableEntry } from "./published-entry";
import { ZLiveBlogHeadSchema, type TArchivePageRef, type TLiveBlogHead, type TLiveBlogQuestions } from "./schemas";

export function liveBlogHeadKey(slug: string): string {
  return `liveblogs/${slug}/latest.json`;
}

export function liveBlogObjectKey(slug: string, relativePath: string): string {
  return `liveblogs/${slug}/${relativePath}`;
}

export function liveBlogPageKey(slug: string): string {
  return `liveblogs/${slug}/index.html`;
}

/** An entry as stored (sanitised HTML), read by the snapshot. */
export type TStoredEntry = {
  id: string;
  seq: number;
  kind: TRenderableEntry["kind"];
  body: string;
  version: number;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
  editedAt: Date | null;
};

export type TLiveBlogSnapshot = {
  version: number;
  blog: Omit<TRenderableLiveBlog, "version" | "totalEntries" | "headEntries" | "pinned" | "keyEvents" | "pages">;
  totalEntries: number;
  headEntries: TStoredEntry[];
  pinned: TStoredEntry | null;
  keyEvents: { id: string; seq: number; body: string; createdAt: Date }[];
  /** Sealed pages to render again (new, changed, or all on a republish), with their entries and the key of the file
   * now out for that page (null when none is). */
  changedPages: { pageNo: number; contentVersion: number; entries: TStoredEntry[]; publishedKey: string | null }[];
  /** Sealed pages already out and unchanged: their published keys. */
  unchangedPages: { pageNo: number; key: string; entryCount: number }[];
  /** Read for a rollback (`rollbackOf`): which entries of the restored head still exist, how many entries up to the
   * newest one it shows exist now, and those entries as they are today (a rollback shows today's text, never an
   * edit's old one). */
  rollback?: { existingEntryIds: string[]; totalEntries: number; currentEntries?: TStoredEntry[] };
  /** Reader questions as they are now (a rollback shows today's, so a rejected question never comes back). */
  questions?: TLiveBlogQuestions;
};

/** What the record step stores per re-rendered page. */
export type TRenderedPageRecord = { pageNo: number; contentVersion: number; key: string; entryCount: number };

const KEY_EVENT_TITLE_LENGTH = 120;

// Stored HTML is sanitised already, so the fast text extraction is enough here (up to 100 titles per publish).
function keyEventTitle(html: string): string {
  const text = htmlToPlainText(html);
  return text.length > KEY_EVENT_TITLE_LENGTH ? `${text.slice(0, KEY_EVENT_TITLE_LENGTH - 1)}…` : text;
}

function toRenderable(entry: TStoredEntry, mediaBaseUrl: string): TRenderableEntry {
  return {
    id: entry.id,
    seq: entry.seq,
    kind: entry.kind,
    html: renderEntryVersionHtml(`entry:${entry.id}:${entry.version}`, entry.body, { mediaBaseUrl }),
    authorName: entry.authorName,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    editedAt: entry.editedAt,
  };
}

function staticPage(head: TLiveBlogHead, context: TRenderContext): { key: string; body: string } {
  // The page reads the head and the widget by relative URLs, so any CDN host works.
  const key = liveBlogPageKey(head.liveblog.slug);
  return { key, body: renderLiveBlogPage(head, { pageUrl: `${context.publicBaseUrl}/${key}`, headUrl: "latest.json", widgetUrl: `../../${context.widgetKey}` }) };
}

/** The archive pages of a snapshot: the changed ones rendered (to upload), every page's reference for the head, what
 * the record step stores, and the files the re-rendered pages replace. */
function renderPages(snapshot: TLiveBlogSnapshot, context: TRenderContext) {
  const { slug } = snapshot.blog;
  const objects: { key: string; body: string }[] = [];
  const pageRefs = new Map<number, TArchivePageRef>();
  const records: TRenderedPageRecord[] = [];
  const retiredKeys: string[] = [];
  for (const page of snapshot.changedPages) {
    const rendered = renderArchivePage({ slug, page: page.pageNo, contentVersion: page.contentVersion, entries: page.entries.map((entry) => toRenderable(entry, context.publicBaseUrl)) });
    const key = liveBlogObjectKey(slug, rendered.ref.path);
    objects.push({ key, body: rendered.body });
    pageRefs.set(page.pageNo, rendered.ref);
    records.push({ pageNo: page.pageNo, contentVersion: page.contentVersion, key, entryCount: rendered.ref.count });
    // The old file may hold a deleted entry or an edit's old text: it goes once no cached head can name it.
    if (page.publishedKey !== null && page.publishedKey !== key) retiredKeys.push(page.publishedKey);
  }
  for (const page of snapshot.unchangedPages) {
    const { firstSeq, lastSeq } = seqRangeOfPage(page.pageNo);
    pageRefs.set(page.pageNo, { page: page.pageNo, path: page.key.slice(`liveblogs/${slug}/`.length), firstSeq, lastSeq, count: page.entryCount });
  }
  return { objects, pageRefs, records, retiredKeys };
}

export function renderLiveBlogPublication(snapshot: TLiveBlogSnapshot, context: TRenderContext): TPublishPlan<TRenderedPageRecord[]> {
  const { slug } = snapshot.blog;
  const { objects, pageRefs, records, retiredKeys } = renderPages(snapshot, context);
  const head = buildLiveBlogHead(
    {
      ...snapshot.blog,
      version: snapshot.version,
      totalEntries: snapshot.totalEntries,
      headEntries: snapshot.headEntries.map((entry) => toRenderable(entry, context.publicBaseUrl)),
      pinned: snapshot.pinned ? toRenderable(snapshot.pinned, context.publicBaseUrl) : null,
      keyEvents: snapshot.keyEvents.map((event) => ({ id: event.id, seq: event.seq, title: keyEventTitle(event.body), createdAt: event.createdAt })),
      pages: [...pageRefs.values()].sort((a, b) => a.page - b.page),
      questions: snapshot.questions,
    },
    context.publishedAt,
  );
  const headObject = { key: liveBlogHeadKey(slug), body: JSON.stringify(head) };
  objects.push(headObject, staticPage(head, context));
  return { objects, head: headObject, extra: records, retiredKeys };
}

/** The entry ids a head shows (its stream, its pinned entry and its key events): what a rollback asks about. */
export function entryIdsOfHead(storedHead: string): { ids: string[]; newestSeq: number } {
  const head = ZLiveBlogHeadSchema.parse(JSON.parse(storedHead));
  const ids = new Set([...head.entries.map((entry) => entry.id), ...head.keyEvents.map((event) => event.id), ...(head.pinned ? [head.pinned.id] : [])]);
  const newestSeq = Math.max(0, ...head.entries.map((entry) => entry.seq), ...head.pages.map((page) => page.lastSeq));
  return { ids: [...ids], newestSeq };
}

/** Re-points readers at an earlier head: its content with a rising version and `rolledBackTo`, and its static page.
 * Given the current snapshot, entries deleted since are left out, and its archive pages are today's (re-rendered
 * where an entry changed), never the old files, which may hold deleted entries or be deleted already. */
export function renderLiveBlogRollback(storedHead: string, context: TRenderContext & { version: number; toVersion: number }, current?: TLiveBlogSnapshot): TPublishPlan<TRenderedPageRecord[]> {
  const stored = ZLiveBlogHeadSchema.parse(JSON.parse(storedHead));
  // Questions are never rolled back: today's (or none), so a question rejected since is not shown again.
  const rolledBack: TLiveBlogHead = { ...stored, version: context.version, publishedAt: context.publishedAt.toISOString(), rolledBackTo: context.toVersion, questions: current?.questions };
  if (!current) {
    const headObject = { key: liveBlogHeadKey(stored.liveblog.slug), body: JSON.stringify(rolledBack) };
    return { objects: [headObject, staticPage(rolledBack, context)], head: headObject };
  }
  const existing = new Set(current.rollback?.existingEntryIds ?? []);
  // An edit's old text must leave every object: each entry still there is shown as it is today (same HTML as a
  // publish of today's state would give); the rollback only chooses which entries are shown, and their order.
  const today = new Map((current.rollback?.currentEntries ?? []).map((entry) => [entry.id, entry]));
  const asToday = <T extends { id: string }>(entry: T, fresh: (stored: TStoredEntry) => T): T => {
    const now = today.get(entry.id);
    return now ? fresh(now) : entry;
  };
  const publishedToday = (entry: TStoredEntry) => toPublishedEntry(toRenderable(entry, context.publicBaseUrl));
  const { objects, pageRefs, records, retiredKeys } = renderPages(current, context);
  const storedPageNumbers = new Set(stored.pages.map((page) => page.page));
  const head: TLiveBlogHead = {
    ...rolledBack,
    pinned: stored.pinned && existing.has(stored.pinned.id) ? asToday(stored.pinned, publishedToday) : null,
    keyEvents: stored.keyEvents.filter((event) => existing.has(event.id)).map((event) => asToday(event, (now) => ({ ...event, title: keyEventTitle(now.body) }))),
    entries: stored.entries.filter((entry) => existing.has(entry.id)).map((entry) => asToday(entry, publishedToday)),
    totalEntries: current.rollback?.totalEntries ?? stored.totalEntries,
    // The restored head covers the pages it had; today's file of each (a page sealed later is not part of it).
    pages: [...pageRefs.values()].filter((page) => storedPageNumbers.has(page.page)).sort((a, b) => b.page - a.page),
  };
  const headObject = { key: liveBlogHeadKey(stored.liveblog.slug), body: JSON.stringify(head) };
  objects.push(headObject, staticPage(head, context));
  return { objects, head: headObject, extra: records, retiredKeys };
}

/** Drafts are private: a draft's head, static page and every archive page it has out leave the target. */
export function withdrawLiveBlog(snapshot: TLiveBlogSnapshot): TWithdrawal | null {
  if (snapshot.blog.status !== "draft") return null;
  const { slug } = snapshot.blog;
  const pageKeys = [...snapshot.unchangedPages.map((page) => page.key), ...snapshot.changedPages.flatMap((page) => (page.publishedKey ? [page.publishedKey] : []))];
  return { keys: [liveBlogHeadKey(slug), liveBlogPageKey(slug), ...pageKeys] };
}
