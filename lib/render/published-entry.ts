// The published form of one entry, shared by heads and archive pages.
import type { TPublishedEntry } from "./schemas";

export type TRenderableEntry = {
  id: string;
  seq: number;
  body: string;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
};

export function toPublishedEntry(entry: TRenderableEntry): TPublishedEntry {
  return {
    id: entry.id,
    seq: entry.seq,
    body: entry.body,
    author: { name: entry.authorName },
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}
