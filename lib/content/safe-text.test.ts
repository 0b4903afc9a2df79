import { describe, expect, it } from "vitest";
import { isSafeText, unsafeTextProblem, ZSafeText } from "./safe-text";

describe("safe text", () => {
  it.each([
    ["a NUL", "a\u0000b", /NUL/],
    ["a lone high surrogate", "a\uD800b", /lone surrogate/],
    ["a lone high surrogate at the end", "end\uD83D", /lone surrogate/],
    ["a lone low surrogate", "\uDC00start", /lone surrogate/],
    ["a reversed pair", "\uDE00\uD83D", /lone surrogate/],
    ["U+FFFF", "x\uFFFFy", /not text/],
    ["U+FFFE", "\uFFFE", /not text/],
  ])("refuses %s", (_name, value, problem) => {
    expect(isSafeText(value)).toBe(false);
    expect(unsafeTextProblem(value)).toMatch(problem);
  });

  it.each([["plain", "Polls close at 7:30"], ["emoji (surrogate pairs)", "🗳️👍🏽"], ["scripts", "Ελλάδα 日本 عربى"], ["tabs and newlines", "a\tb\nc\r\n"], ["U+FFFD", "\uFFFD"], ["empty", ""]])(
    "keeps %s",
    (_name, value) => {
      expect(isSafeText(value)).toBe(true);
    },
  );

  it("names the field in its message, before trimming and length checks", () => {
    const schema = ZSafeText({ label: "Title" }).trim().min(1, "Title is required.");
    expect(schema.safeParse(" \u0000 ").error?.issues[0]?.message).toBe("Title contains a NUL character, which cannot be stored. Remove it and try again.");
    expect(schema.safeParse(42).error?.issues[0]?.message).toBe("Title is required.");
    expect(schema.parse("  Night  ")).toBe("Night");
  });
});
