import { describe, expect, it } from "vitest";
import { renderArchivePage, pageOfSeq, PAGE_SIZE, sealedPageCount } from "./render-archive-page";
import { renderLiveBlogHead, type TRenderableLiveBlog } from "./render-liveblog-head";
import type { TRenderableEntry } from "./published-entry";
import { ZArchivePageSchema, ZLiveBlogHeadSchema } from "./schemas";

const at = new Date("2026-11-03T20:00:00.000Z");

function entries(fromSeq: number, toSeq: number): TRenderableEntry[] {
  return Array.from({ length: toSeq - fromSeq + 1 }, (_, index) => {
    const seq = fromSeq + index;
    return { id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`, seq, kind: seq % 10 === 0 ? "key_event" : "post", html: `<p>Entry ${seq}</p>`, authorName: "Ada", createdAt: new Date(at.getTime() + seq * 1000), updatedAt: new Date(at.getTime() + seq * 1000), editedAt: null };
  });
}

function blog(headEntries: TRenderableEntry[]): TRenderableLiveBlog {
  return { id: "00000000-0000-4000-8000-00000000abcd", slug: "election-night", title: "Election night", description: "Results", status: "live", coverageStartedAt: at, coverageEndedAt: null, version: 7, totalEntries: headEntries.length, headEntries, pinned: null, keyEvents: [], pages: [] };
}

describe("renderLiveBlogHead", () => {
  const publishedAt = new Date("2026-11-03T21:00:00.000Z");

  it("is byte-identical for the same input", () => {
    expect(renderLiveBlogHead(blog(entries(1, 3)), publishedAt)).toBe(renderLiveBlogHead(blog(entries(1, 3)), publishedAt));
  });

  it("produces a document that matches the published schema, newest entry first", () => {
    const head = ZLiveBlogHeadSchema.parse(JSON.parse(renderLiveBlogHead(blog(entries(1, 3)), publishedAt)));
    expect(head).toMatchObject({ schema: 2, version: 7, publishedAt: publishedAt.toISOString(), totalEntries: 3, pages: [] });
    expect(head.entries.map((entry) => entry.seq)).toEqual([3, 2, 1]);
  });

  it("carries the pinned entry, key events newest first, coverage times and the edited flag", () => {
    const [first, second] = entries(1, 2);
    const edited = { ...second!, editedAt: new Date(at.getTime() + 60_000), updatedAt: new Date(at.getTime() + 60_000) };
    const keyEvents = [
      { id: first!.id, seq: 1, title: "Polls close", createdAt: first!.createdAt },
      { id: edited.id, seq: 2, title: "First result", createdAt: edited.createdAt },
    ];
    const head = ZLiveBlogHeadSchema.parse(JSON.parse(renderLiveBlogHead({ ...blog([first!, edited]), pinned: first!, keyEvents }, publishedAt)));
    expect(head.pinned?.id).toBe(first!.id);
    expect(head.keyEvents.map((event) => event.title)).toEqual(["First result", "Polls close"]);
    expect(head.liveblog.coverageStartedAt).toBe(at.toISOString());
    expect(head.liveblog.coverageEndedAt).toBeNull();
    expect(head.entries.map((entry) => entry.edited)).toEqual([true, false]);
  });

  it("lists archive pages newest first", () => {
    const pages = [1, 2].map((page) => renderArchivePage({ slug: "election-night", page, contentVersion: 1, entries: entries(1, 100) }).ref);
    const head = ZLiveBlogHeadSchema.parse(JSON.parse(renderLiveBlogHead({ ...blog(entries(101, 105)), pages }, publishedAt)));
    expect(head.pages.map((page) => page.page)).toEqual([2, 1]);
  });
});

describe("renderArchivePage", () => {
  it("holds exactly its fixed sequence range, newest first, and names itself by content hash", () => {
    const rendered = renderArchivePage({ slug: "election-night", page: 2, contentVersion: 3, entries: entries(1, 120) });
    const page = ZArchivePageSchema.parse(JSON.parse(rendered.body));
    expect(page.entries.map((entry) => entry.seq)).toEqual(Array.from({ length: PAGE_SIZE }, (_, index) => 2 * PAGE_SIZE - index));
    expect(rendered.ref).toMatchObject({ page: 2, firstSeq: PAGE_SIZE + 1, lastSeq: 2 * PAGE_SIZE, count: PAGE_SIZE });
    expect(rendered.ref.path).toBe(`pages/2.${rendered.contentHash.slice(0, 16)}.json`);
  });

  it("is deterministic, and changes name only when its content changes", () => {
    const first = renderArchivePage({ slug: "s", page: 1, contentVersion: 1, entries: entries(1, 60) });
    expect(renderArchivePage({ slug: "s", page: 1, contentVersion: 1, entries: entries(1, 60) }).body).toBe(first.body);
    const withNewerEntriesElsewhere = renderArchivePage({ slug: "s", page: 1, contentVersion: 1, entries: entries(1, 99) });
    expect(withNewerEntriesElsewhere.ref.path).toBe(first.ref.path);
    const edited = entries(1, 60).map((entry) => (entry.seq === 7 ? { ...entry, html: "<p>Corrected</p>", updatedAt: new Date(at.getTime() + 999_999) } : entry));
    expect(renderArchivePage({ slug: "s", page: 1, contentVersion: 2, entries: edited }).ref.path).not.toBe(first.ref.path);
  });

  it("maps sequence numbers to pages and counts sealed pages", () => {
    expect([pageOfSeq(1), pageOfSeq(PAGE_SIZE), pageOfSeq(PAGE_SIZE + 1)]).toEqual([1, 1, 2]);
    expect([sealedPageCount(0), sealedPageCount(PAGE_SIZE - 1), sealedPageCount(PAGE_SIZE), sealedPageCount(10_000)]).toEqual([0, 0, 1, 200]);
  });
});
