import { describe, expect, it } from "vitest";
import { isAllowedLinkUrl, normalizeLinkUrl } from "./link-url";

describe("isAllowedLinkUrl", () => {
  it("allows absolute http, https and mailto URLs", () => {
    expect(isAllowedLinkUrl("https://apnews.com/article/x")).toBe(true);
    expect(isAllowedLinkUrl("http://example.com")).toBe(true);
    expect(isAllowedLinkUrl("mailto:desk@example.com")).toBe(true);
  });

  it("refuses script, data, other schemes and relative paths", () => {
    for (const url of ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "ftp://example.com", "tel:+15551234", "https://bank.com@evil.com", "https://user:pass@example.com/", "/admin", "example.com", "", null, undefined]) {
      expect(isAllowedLinkUrl(url), String(url)).toBe(false);
    }
  });
});

describe("normalizeLinkUrl", () => {
  it("completes what editors type", () => {
    expect(normalizeLinkUrl("  https://example.com/a?b=c ")).toBe("https://example.com/a?b=c");
    expect(normalizeLinkUrl("example.com/results")).toBe("https://example.com/results");
    expect(normalizeLinkUrl("www.ap.org")).toBe("https://www.ap.org/");
    expect(normalizeLinkUrl("//example.com/x")).toBe("https://example.com/x");
    expect(normalizeLinkUrl("desk@example.com")).toBe("mailto:desk@example.com");
    expect(normalizeLinkUrl("mailto:desk@example.com")).toBe("mailto:desk@example.com");
  });

  it("returns null for anything that is not an allowed link", () => {
    for (const input of ["", "   ", "javascript:alert(1)", "data:text/html,hi", "localhost:3000", "results", "/relative/path", "two words.com", "ftp://example.com"]) {
      expect(normalizeLinkUrl(input), input).toBeNull();
    }
  });
});
