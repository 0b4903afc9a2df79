// Pure: everything one publish of a live blog uploads, from its snapshot: changed archive pages (immutable), the
// head, and the static page of the same version. Also the rollback variant: an earlier head re-pointed.
import { renderEntryVersionHtml } from "../content/render-entry-version-html";
import type { TPublishPlan, TRenderContext } from "../publishing/define-document";
import { renderArchivePage, seqRangeOfPage } from "./render-archive-page";
import { buildLiveBlogHead, type TRenderableLiveBlog } from "./render-liveblog-head";
import { htmlToPlainText, renderLiveBlogPage } from "./render-liveblog-page";
import type { TRenderableEntry } from "./published-entry";
import { ZLiveBlogHeadSchema, type TArchivePageRef, type TLiveBlogHead } from "./schemas";

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
  /** Sealed pages to render again (new, changed, or all on a republish), with their entries. */
  changedPages: { pageNo: number; contentVersion: number; entries: TStoredEntry[] }[];
  /** Sealed pages already out and unchanged: their published keys. */
  unchangedPages: { pageNo: number; key: string; entryCount: number }[];
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

export function renderLiveBlogPublication(snapshot: TLiveBlogSnapshot, context: TRenderContext): TPublishPlan<TRenderedPageRecord[]> {
  const { slug } = snapshot.blog;
  const objects: { key: string; body: string }[] = [];
  const pageRefs = new Map<number, TArchivePageRef>();
  const records: TRenderedPageRecord[] = [];
  for (const page of snapshot.changedPages) {
    const rendered = renderArchivePage({ slug, page: page.pageNo, contentVersion: page.contentVersion, entries: page.entries.map((entry) => toRenderable(entry, context.publicBaseUrl)) });
    const key = liveBlogObjectKey(slug, rendered.ref.path);
    objects.push({ key, body: rendered.body });
    pageRefs.set(page.pageNo, rendered.ref);
    records.push({ pageNo: page.pageNo, contentVersion: page.contentVersion, key, entryCount: rendered.ref.count });
  }
  for (const page of snapshot.unchangedPages) {
    const { firstSeq, lastSeq } = seqRangeOfPage(page.pageNo);
    pageRefs.set(page.pageNo, { page: page.pageNo, path: page.key.slice(`liveblogs/${slug}/`.length), firstSeq, lastSeq, count: page.entryCount });
  }
  const head = buildLiveBlogHead(
    {
      ...snapshot.blog,
      version: snapshot.version,
      totalEntries: snapshot.totalEntries,
      headEntries: snapshot.headEntries.map((entry) => toRenderable(entry, context.publicBaseUrl)),
      pinned: snapshot.pinned ? toRenderable(snapshot.pinned, context.publicBaseUrl) : null,
      keyEvents: snapshot.keyEvents.map((event) => ({ id: event.id, seq: event.seq, title: keyEventTitle(event.body), createdAt: event.createdAt })),
      pages: [...pageRefs.values()].sort((a, b) => a.page - b.page),
    },
    context.publishedAt,
  );
  const headObject = { key: liveBlogHeadKey(slug), body: JSON.stringify(head) };
  objects.push(headObject, staticPage(head, context));
  return { objects, head: headObject, extra: records };
}

/** Re-points readers at an earlier head: its content with a rising version and `rolledBackTo`, and its static page. */
export function renderLiveBlogRollback(storedHead: string, context: TRenderContext & { version: number; toVersion: number }): TPublishPlan {
  const stored = ZLiveBlogHeadSchema.parse(JSON.parse(storedHead));
  const head: TLiveBlogHead = { ...stored, version: context.version, publishedAt: context.publishedAt.toISOString(), rolledBackTo: context.toVersion };
  const headObject = { key: liveBlogHeadKey(stored.liveblog.slug), body: JSON.stringify(head) };
  return { objects: [headObject, staticPage(head, context)], head: headObject };
}
