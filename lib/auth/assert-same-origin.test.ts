import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "./assert-same-origin";
import { stampPeerAddress } from "./client-ip";

function headers(values: Record<string, string>, socketAddress = "127.0.0.1"): Headers {
  const raw = { host: "admin.example", ...values };
  stampPeerAddress(raw, socketAddress);
  return new Headers(raw);
}

describe("the one cross-site rule", () => {
  it("refuses another site by Sec-Fetch-Site, or by Origin when Sec-Fetch-Site is absent", () => {
    expect(isCrossSiteRequest(headers({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteRequest(headers({ "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isCrossSiteRequest(headers({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest(headers({ origin: "null" }))).toBe(true);
    expect(isCrossSiteRequest(headers({ origin: "https://admin.example.evil" }))).toBe(true);
  });

  it("accepts our own origin, and requests no browser sent", () => {
    expect(isCrossSiteRequest(headers({ origin: "https://admin.example", "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSiteRequest(headers({ origin: "http://ADMIN.example" }))).toBe(false);
    expect(isCrossSiteRequest(headers({}))).toBe(false);
  });

  it("believes X-Forwarded-Host only from a trusted proxy (none is configured here)", () => {
    expect(isCrossSiteRequest(headers({ origin: "https://evil.example", "x-forwarded-host": "evil.example" }))).toBe(true);
  });
});
