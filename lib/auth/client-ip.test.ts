import { describe, expect, it } from "vitest";
import { ZEnvSchema } from "../env";
import { clientIpFrom, isForwardedHttps, PEER_ADDRESS_HEADER, stampPeerAddress } from "./client-ip";
import { ZTrustedProxiesSchema, type TTrustedProxies } from "./trusted-proxies";

const trusted = (value: string): TTrustedProxies => ZTrustedProxiesSchema.parse(value);

/** Headers as the admin server hands them on: the socket's address stamped over any client-sent copy. */
function fromSocket(socketAddress: string, headers: Record<string, string> = {}): Headers {
  const raw: Record<string, string> = { ...headers };
  stampPeerAddress(raw, socketAddress);
  return new Headers(raw);
}

describe("TRUSTED_PROXIES", () => {
  it("parses a hop count, addresses and CIDR ranges, and named ranges", () => {
    expect(trusted("")).toEqual({ kind: "none" });
    expect(trusted("0")).toEqual({ kind: "none" });
    expect(trusted("2")).toEqual({ kind: "hops", hops: 2 });
    const ranges = trusted("10.0.0.0/8, ::1, loopback");
    expect(ranges.kind === "ranges" && ranges.ranges.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual(["10.0.0.0/8", "::1/128", "127.0.0.0/8", "::1/128"]);
  });

  it("refuses anything else with a message naming the entry, through lib/env.ts", () => {
    for (const bad of ["10.0.0.0/33", "example.com", "127.1", "11", "10.0.0.1/8/2"]) expect(ZTrustedProxiesSchema.safeParse(bad).success).toBe(false);
    const parsed = ZEnvSchema.safeParse({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["TRUSTED_PROXIES"], message: expect.stringContaining('"proxy.internal" is neither') });
    expect(ZEnvSchema.parse({ TRUSTED_PROXIES: "1" }).TRUSTED_PROXIES).toEqual({ kind: "hops", hops: 1 });
  });
});

describe("clientIpFrom", () => {
  it("takes the socket's address and ignores X-Forwarded-For without TRUSTED_PROXIES", () => {
    const forged = fromSocket("198.51.100.7", { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" });
    expect(clientIpFrom(forged, trusted(""))).toBe("198.51.100.7");
    expect(clientIpFrom(fromSocket("::ffff:127.0.0.1"), trusted(""))).toBe("127.0.0.1");
  });

  it("never believes a client-sent copy of the peer header: the admin server overwrites it", () => {
    const raw: Record<string, string> = { [PEER_ADDRESS_HEADER]: "6.6.6.6" };
    stampPeerAddress(raw, "198.51.100.7");
    expect(clientIpFrom(new Headers(raw), trusted(""))).toBe("198.51.100.7");
  });

  it("with a hop count, takes the address that many hops back from the socket", () => {
    const headers = fromSocket("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.1" });
    expect(clientIpFrom(headers, trusted("1"))).toBe("10.0.0.1");
    expect(clientIpFrom(headers, trusted("2"))).toBe("203.0.113.9");
    expect(clientIpFrom(fromSocket("10.0.0.2", { "x-forwarded-for": "203.0.113.9" }), trusted("5"))).toBe("203.0.113.9");
  });

  it("with CIDR ranges, walks back over trusted proxies only, so a forged hop before the client is never used", () => {
    const ranges = trusted("10.0.0.0/8");
    expect(clientIpFrom(fromSocket("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.1" }), ranges)).toBe("203.0.113.9");
    // A client talking to us directly is not a proxy: its X-Forwarded-For is ignored.
    expect(clientIpFrom(fromSocket("198.51.100.7", { "x-forwarded-for": "6.6.6.6" }), ranges)).toBe("198.51.100.7");
    // Garbage where the client's address should be: the trusted proxy that reported it is the best we know.
    expect(clientIpFrom(fromSocket("10.0.0.2", { "x-forwarded-for": "not-an-ip" }), ranges)).toBe("10.0.0.2");
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    const headers = fromSocket("10.0.0.2", { "x-forwarded-proto": "https" });
    expect(isForwardedHttps(headers, trusted(""))).toBe(false);
    expect(isForwardedHttps(headers, trusted("10.0.0.0/8"))).toBe(true);
    expect(isForwardedHttps(headers, trusted("192.168.0.0/16"))).toBe(false);
    expect(isForwardedHttps(fromSocket("10.0.0.2", { "x-forwarded-proto": "http" }), trusted("1"))).toBe(false);
  });
});
