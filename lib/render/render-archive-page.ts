// Pure renderer for immutable archive pages: fixed sequence ranges, content-hashed file names.
import { createHash } from "node:crypto";
import { toPublishedEntry, type TRenderableEntry } from "./published-entry";
import { PAGE_SCHEMA_VERSION, type TArchivePage, type TArchivePageRef } from "./schemas";

export const PAGE_SIZE = 50;

/** Page n holds sequence numbers (n-1)*PAGE_SIZE+1 .. n*PAGE_SIZE. */
export function pageOfSeq(seq: number): number {
  return Math.ceil(seq / PAGE_SIZE);
}

export function seqRangeOfPage(page: number): { firstSeq: number; lastSeq: number } {
  return { firstSeq: (page - 1) * PAGE_SIZE + 1, lastSeq: page * PAGE_SIZE };
}

/** Pages are sealed (published as archive files) once the blog has numbered past their last sequence. */
export function sealedPageCount(highestSeq: number): number {
  return Math.floor(highestSeq / PAGE_SIZE);
}

export type TRenderedPage = { ref: TArchivePageRef; body: string; contentHash: string };

export function renderArchivePage(input: { slug: string; page: number; contentVersion: number; entries: readonly TRenderableEntry[] }): TRenderedPage {
  const { firstSeq, lastSeq } = seqRangeOfPage(input.page);
  const entries = input.entries.filter((entry) => entry.seq >= firstSeq && entry.seq <= lastSeq).sort((a, b) => b.seq - a.seq);
  const newestChange = entries.reduce((latest, entry) => Math.max(latest, entry.updatedAt.getTime()), 0);
  const document: TArchivePage = {
    schema: PAGE_SCHEMA_VERSION,
    version: input.contentVersion,
    publishedAt: new Date(newestChange).toISOString(),
    liveblog: input.slug,
    page: input.page,
    firstSeq,
    lastSeq,
    entries: entries.map(toPublishedEntry),
  };
  const body = JSON.stringify(document);
  const contentHash = createHash("sha256").update(body).digest("hex");
  return {
    body,
    contentHash,
    ref: { page: input.page, path: `pages/${input.page}.${contentHash.slice(0, 16)}.json`, firstSeq, lastSeq, count: entries.length },
  };
}
