import { describe, expect, it } from "vitest";
import { HEAD_ENTRY_COUNT, renderLiveBlogHead, type TRenderableLiveBlog } from "./render-liveblog-head";
import { ZLiveBlogHeadSchema } from "./schemas";

function blogWith(entryCount: number): TRenderableLiveBlog {
  const at = new Date("2026-11-03T20:00:00.000Z");
  return {
    slug: "election-night",
    title: "Election night",
    description: "Results as they come in",
    status: "live",
    version: 7,
    totalEntries: entryCount,
    newestEntries: Array.from({ length: entryCount }, (_, index) => ({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
      seq: index + 1,
      body: `Entry ${index + 1}`,
      authorName: "Ada",
      createdAt: new Date(at.getTime() + index * 1000),
      updatedAt: new Date(at.getTime() + index * 1000),
    })),
  };
}

describe("renderLiveBlogHead", () => {
  const publishedAt = new Date("2026-11-03T21:00:00.000Z");

  it("is byte-identical for the same input", () => {
    expect(renderLiveBlogHead(blogWith(3), publishedAt)).toBe(renderLiveBlogHead(blogWith(3), publishedAt));
  });

  it("produces a document that matches the published schema, newest entry first", () => {
    const head = ZLiveBlogHeadSchema.parse(JSON.parse(renderLiveBlogHead(blogWith(3), publishedAt)));
    expect(head).toMatchObject({ schema: 1, version: 7, publishedAt: publishedAt.toISOString(), totalEntries: 3 });
    expect(head.entries.map((entry) => entry.seq)).toEqual([3, 2, 1]);
  });

  it(`keeps only the newest ${HEAD_ENTRY_COUNT} entries in the head`, () => {
    const head = ZLiveBlogHeadSchema.parse(JSON.parse(renderLiveBlogHead(blogWith(HEAD_ENTRY_COUNT + 10), publishedAt)));
    expect(head.entries).toHaveLength(HEAD_ENTRY_COUNT);
    expect(head.entries[0]?.seq).toBe(HEAD_ENTRY_COUNT + 10);
  });
});
