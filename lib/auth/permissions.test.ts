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
});
