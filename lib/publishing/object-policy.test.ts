import { describe, expect, it } from "vitest";
import { IMMUTABLE_CACHE, SHORT_CACHE, cacheControlForKey, contentTypeForKey } from "./object-policy";

describe("object policy", () => {
  it("gives heads the short TTL from DESIGN.md", () => {
    expect(cacheControlForKey("liveblogs/election/latest.json")).toBe(SHORT_CACHE);
    expect(SHORT_CACHE).toContain("max-age=2");
    expect(SHORT_CACHE).toContain("stale-while-revalidate=30");
    expect(SHORT_CACHE).toContain("stale-if-error=86400");
  });
  it("caches content-hashed pages and media forever", () => {
    expect(cacheControlForKey("liveblogs/election/pages/3.ab12cd34ef.json")).toBe(IMMUTABLE_CACHE);
    expect(cacheControlForKey(`media/${"a".repeat(64)}.png`)).toBe(IMMUTABLE_CACHE);
    expect(cacheControlForKey("liveblogs/election/index.html")).toBe(SHORT_CACHE);
  });
  it("types JSON and HTML with a charset", () => {
    expect(contentTypeForKey("a/latest.json")).toBe("application/json; charset=utf-8");
    expect(contentTypeForKey("a/index.html")).toBe("text/html; charset=utf-8");
  });
});
