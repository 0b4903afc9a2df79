import { describe, expect, it } from "vitest";
import { can } from "./permissions";

describe("role permissions", () => {
  it("lets only admins manage users", () => {
    expect(can("admin", "users:manage")).toBe(true);
    for (const role of ["editor", "contributor", "viewer"] as const) expect(can(role, "users:manage")).toBe(false);
  });
  it("lets viewers and contributors read but not publish", () => {
    for (const role of ["viewer", "contributor"] as const) {
      expect(can(role, "liveblog:read")).toBe(true);
      expect(can(role, "entry:publish")).toBe(false);
      expect(can(role, "liveblog:create")).toBe(false);
    }
  });
  it("lets editors create blogs and publish", () => {
    expect(can("editor", "liveblog:create")).toBe(true);
    expect(can("editor", "entry:publish")).toBe(true);
  });
  it("lets contributors write drafts and upload media but not review or publish; viewers do neither", () => {
    expect(can("contributor", "entry:draft")).toBe(true);
    expect(can("contributor", "media:upload")).toBe(true);
    expect(can("contributor", "entry:review")).toBe(false);
    for (const permission of ["entry:draft", "entry:review", "media:upload", "entry:publish"] as const) expect(can("viewer", permission)).toBe(false);
    expect(can("editor", "entry:review")).toBe(true);
  });
});
