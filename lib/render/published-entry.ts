// The published form of one entry, shared by heads and archive pages.
import type { TPublishedEntry } from "./schemas";

export type TRenderableEntry = {
  id: string;
  seq: number;
  kind: TPublishedEntry["kind"];
  /** Reader-ready HTML (lib/content/render-entry-html.ts). */
  html: string;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
  editedAt: Date | null;
};

export function toPublishedEntry(entry: TRenderableEntry): TPublishedEntry {
  return {
    id: entry.id,
    seq: entry.seq,
    kind: entry.kind,
    html: entry.html,
    author: { name: entry.authorName },
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
    edited: entry.editedAt !== null,
  };
}
