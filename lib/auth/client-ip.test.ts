import { describe, expect, it } from "vitest";
import { clientIpFrom } from "./client-ip";

describe("clientIpFrom", () => {
  it("takes the hop our own server added, not a client-supplied one", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" }))).toBe("10.0.0.7");
  });
  it("falls back to unknown when nothing says", () => {
    expect(clientIpFrom(new Headers())).toBe("unknown");
  });
});
