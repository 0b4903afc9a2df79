// A slug from a URL that is not a slug (`%00`, `%ff` decoded or not, `..`) names no live blog: a 404, before the
// database or the publish target is asked (Postgres refuses a NUL with an error that used to become a 500).
import { describe, expect, it } from "vitest";
import { createTestUser, testDb } from "../../test/support/test-db";
import { AppError } from "../errors";
import { findLiveBlogIdOrThrow } from "./find-liveblog-id";
import { getAdminStream } from "./get-admin-stream";
import { getLiveBlogOrThrow } from "./get-liveblog-or-throw";
import { readPublishedLiveBlog } from "./read-published-liveblog";

const MALFORMED = ["\u0000", "a\u0000b", "%00", "%ff", "\uFFFD", "\uD800", "../../etc", "UPPER", "x".repeat(81), ""];

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
}

describe("malformed slugs (real Postgres)", () => {
  it.each(MALFORMED)("%j is not found, never a database error", async (slug) => {
    const viewer = await createTestUser({ role: "editor" });
    expect(await codeOf(getLiveBlogOrThrow(testDb(), { slug }))).toBe("not_found");
    expect(await codeOf(getAdminStream({ slug, viewer }, testDb()))).toBe("not_found");
    expect(await codeOf(findLiveBlogIdOrThrow(testDb(), { slug }))).toBe("not_found");
    expect(await readPublishedLiveBlog({ slug })).toBeNull();
  });
});
