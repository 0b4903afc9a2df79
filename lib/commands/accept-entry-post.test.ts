// An entry post is authorised from its session before a byte of its body is read.
import { describe, expect, it } from "vitest";
import { acceptEntryPost } from "./accept-entry-post";

describe("acceptEntryPost", () => {
  it.each([
    ["no current user (signed out, revoked or disabled)", null, 401],
    ["a viewer", { id: "00000000-0000-4000-8000-000000000001", email: "v@example.com", name: "Viewer", role: "viewer" as const, degraded: false }, 403],
  ])("refuses %s without reading the body", async (_label, user, status) => {
    let bodyRead = false;
    const answer = await acceptEntryPost({
      slug: "night",
      contentType: "application/json",
      readBody: async () => {
        bodyRead = true;
        return JSON.stringify({ body: "x".repeat(1000) });
      },
      currentUser: async () => user,
    });
    expect(answer.status).toBe(status);
    expect(bodyRead).toBe(false);
  });
});
