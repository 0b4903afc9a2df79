// The outbound-request guard against real local servers: a loopback "canary" that counts every connection it gets
// (it must get none from a refused request), a vendor on 127.0.0.2 that the allowlist lets through, and Node's own
// client-socket channel to prove that a refused address was never even dialled.
import dc from "node:diagnostics_channel";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import ipaddr from "ipaddr.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_ALLOWLIST, parseFetchAllowlist } from "./fetch-allowlist";
import { classifyAddress, safeFetch, SafeFetchError, type TSafeFetchOptions } from "./safe-fetch";

type TServer = { server: http.Server; port: number; connections: number; requests: http.IncomingMessage[] };

async function listen(host: string, handler: http.RequestListener): Promise<TServer> {
  const server = http.createServer(handler);
  const state: TServer = { server, port: 0, connections: 0, requests: [] };
  server.on("connection", () => state.connections++);
  server.on("request", (request) => state.requests.push(request));
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, host, () => resolve()));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

async function close(state: TServer) {
  state.server.closeAllConnections();
  await new Promise((resolve) => state.server.close(resolve));
}

// The canary answers on every loopback form (dual-stack "::" takes 127.0.0.1, ::1 and ::ffff:127.0.0.1).
let canary: TServer;
let vendor: TServer;
let vendorHandler: http.RequestListener = (_request, response) => response.end("{}");
const VENDOR_ONLY = parseFetchAllowlist("127.0.0.2");

let clientSockets = 0;
const countSocket = () => clientSockets++;

beforeAll(async () => {
  canary = await listen("::", (_request, response) => response.end("canary")).catch(() => listen("127.0.0.1", (_request, response) => response.end("canary")));
  vendor = await listen("127.0.0.2", (request, response) => vendorHandler(request, response));
  dc.subscribe("net.client.socket", countSocket);
});

afterAll(async () => {
  dc.unsubscribe("net.client.socket", countSocket);
  await close(canary);
  await close(vendor);
});

afterEach(() => {
  canary.connections = 0;
  canary.requests.length = 0;
  vendorHandler = (_request, response) => response.end("{}");
});

const base: TSafeFetchOptions = { timeoutMs: 3_000, maxBytes: 64 * 1024, allowlist: EMPTY_ALLOWLIST };
const vendorUrl = (path = "/") => `http://127.0.0.2:${vendor.port}${path}`;

async function refusal(promise: Promise<unknown>): Promise<SafeFetchError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SafeFetchError);
  return error as SafeFetchError;
}

describe("address classes", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["192.168.1.1", "a private address"],
    ["100.64.0.1", "a carrier-grade NAT (shared) address"],
    ["169.254.1.1", "a link-local address"],
    ["169.254.169.254", "a cloud metadata address"],
    ["fd00:ec2::254", "a cloud metadata address"],
    ["fc00::1", "a unique-local (private) address"],
    ["fe80::1", "a link-local address"],
    ["ff02::1", "a multicast address"],
    ["224.0.0.1", "a multicast address"],
    ["0.0.0.0", "an unspecified address"],
    ["::", "an unspecified address"],
    ["255.255.255.255", "the broadcast address"],
    ["192.0.2.1", "a reserved or documentation address"],
    ["2001:db8::1", "a reserved or documentation address"],
    ["::1", "a loopback address"],
    ["::ffff:127.0.0.1", "a loopback address (IPv4-mapped form of 127.0.0.1)"],
    ["::ffff:169.254.169.254", "a cloud metadata address (IPv4-mapped form of 169.254.169.254)"],
    ["64:ff9b::7f00:1", "a loopback address (NAT64 form of 127.0.0.1)"],
    ["64:ff9b::a00:1", "a private address (NAT64 form of 10.0.0.1)"],
    ["2002:7f00:1::", "a loopback address (6to4 form of 127.0.0.1)"],
    ["::127.0.0.1", "a loopback address (IPv4-mapped form of 127.0.0.1)"],
    ["::ffff:8.8.8.8", "an IPv4-mapped address (of 8.8.8.8)"],
  ])("refuses %s as %s", (address, reason) => {
    expect(classifyAddress(ipaddr.parse(address))).toBe(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808"])("lets the public address %s through", (address) => {
    expect(classifyAddress(ipaddr.parse(address))).toBeNull();
  });
});

describe("refused before any connection", () => {
  it("the canary counts connections it gets (so zero below means none were made)", async () => {
    await new Promise<void>((resolve) => http.get(`http://127.0.0.1:${canary.port}/`, (response) => response.resume().on("end", resolve)));
    expect(canary.connections).toBe(1);
  });

  it.each([
    ["127.0.0.1", (port: number) => `http://127.0.0.1:${port}/`, "refused: 127.0.0.1 is a loopback address"],
    ["[::ffff:127.0.0.1]", (port: number) => `http://[::ffff:127.0.0.1]:${port}/`, "refused: ::ffff:7f00:1 is a loopback address (IPv4-mapped form of 127.0.0.1)"],
    ["[::1]", (port: number) => `http://[::1]:${port}/`, "refused: ::1 is a loopback address"],
    ["decimal 2130706433", (port: number) => `http://2130706433:${port}/`, "refused: 127.0.0.1 is a loopback address"],
    ["hex 0x7f000001", (port: number) => `http://0x7f000001:${port}/`, "refused: 127.0.0.1 is a loopback address"],
    ["octal 0177.0.0.1", (port: number) => `http://0177.0.0.1:${port}/`, "refused: 127.0.0.1 is a loopback address"],
    ["short hex 0x7f.1", (port: number) => `http://0x7f.1:${port}/`, "refused: 127.0.0.1 is a loopback address"],
    ["0.0.0.0", (port: number) => `http://0.0.0.0:${port}/`, "refused: 0.0.0.0 is an unspecified address"],
    ["localhost by name", (port: number) => `http://localhost:${port}/`, "refused: localhost is a loopback host name"],
  ])("a URL at %s makes no connection to the loopback canary", async (_label, urlOf, message) => {
    const error = await refusal(safeFetch(urlOf(canary.port), base));
    expect(error.code).toBe("refused");
    expect(error.message).toBe(message);
    expect(canary.connections).toBe(0);
  });

  it.each([
    ["169.254.169.254", "http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"],
    ["[fd00:ec2::254]", "http://[fd00:ec2::254]/latest/meta-data/", "refused: fd00:ec2::254 is a cloud metadata address"],
    ["metadata.google.internal", "http://metadata.google.internal/computeMetadata/v1/", "refused: metadata.google.internal is a cloud metadata host name"],
    ["10.0.0.1", "https://10.0.0.1/", "refused: 10.0.0.1 is a private address"],
  ])("%s is refused without dialling anything", async (_label, url, message) => {
    const before = clientSockets;
    const error = await refusal(safeFetch(url, base));
    expect(error.message).toBe(message);
    expect(clientSockets).toBe(before);
  });

  it.each(["file:///etc/passwd", "ftp://example.com/feed.csv", "gopher://127.0.0.1:70/", "javascript:alert(1)", "data:text/plain,hi"])("refuses the non-http(s) URL %s", async (url) => {
    const error = await refusal(safeFetch(url, base));
    expect(error.code).toBe("refused");
    expect(error.message).toMatch(/^refused: only http and https URLs are fetched/);
  });

  it("refuses a URL carrying a user name and password", async () => {
    const error = await refusal(safeFetch(`http://user:secret@127.0.0.2:${vendor.port}/`, { ...base, allowlist: VENDOR_ONLY }));
    expect(error.message).toMatch(/user name or password/);
    expect(vendor.requests).toHaveLength(0);
  });

  it("refuses a host name that resolves to a private address, and one with any private address among public ones", async () => {
    const one = await refusal(safeFetch("http://vendor.example/", { ...base, resolve: async () => [{ address: "10.9.8.7", family: 4 }] }));
    expect(one.message).toBe("refused: vendor.example resolves to 10.9.8.7, which is a private address");
    const mixed = await refusal(safeFetch(`http://vendor.example:${canary.port}/`, { ...base, resolve: async () => [{ address: "93.184.216.34", family: 4 }, { address: "127.0.0.1", family: 4 }] }));
    expect(mixed.message).toMatch(/resolves to 127\.0\.0\.1, which is a loopback address/);
    expect(canary.connections).toBe(0);
  });

  it.each([
    ["127.0.0.1", (port: number) => `http://127.0.0.1:${port}/`],
    ["[::ffff:127.0.0.1]", (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ["2130706433", (port: number) => `http://2130706433:${port}/`],
    ["169.254.169.254", () => "http://169.254.169.254/latest/meta-data/iam/"],
    ["a relative path on localhost", (port: number) => `//localhost:${port}/`],
  ])("a redirect from an allowlisted vendor to %s is refused at that hop", async (_label, targetOf) => {
    vendorHandler = (_request, response) => response.writeHead(302, { location: targetOf(canary.port) }).end();
    const error = await refusal(safeFetch(vendorUrl("/feed"), { ...base, allowlist: VENDOR_ONLY }));
    expect(error.code).toBe("refused");
    expect(canary.connections).toBe(0);
    expect(vendor.requests.at(-1)?.url).toBe("/feed");
  });
});

describe("fetching under the guard", () => {
  it("fetches from an allowlisted address and returns status, headers and body", async () => {
    vendorHandler = (_request, response) => response.writeHead(200, { "content-type": "application/json", etag: '"v1"', "set-cookie": "session=abc" }).end('{"ok":true}');
    const response = await safeFetch(vendorUrl("/feed.json"), { ...base, allowlist: VENDOR_ONLY });
    expect(response).toMatchObject({ status: 200, address: "127.0.0.2", redirects: 0 });
    expect(response.body.toString()).toBe('{"ok":true}');
    expect(response.headers.etag).toBe('"v1"');
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("also lets an allowlisted host name through (and FETCH_ALLOWLIST refuses a malformed entry)", async () => {
    const response = await safeFetch(`http://vendor.internal:${vendor.port}/`, { ...base, allowlist: parseFetchAllowlist("vendor.internal"), resolve: async () => [{ address: "127.0.0.2", family: 4 }] });
    expect(response.status).toBe(200);
    expect(() => parseFetchAllowlist("vendor.internal, 10.0.0.0/99")).toThrow(/neither a host name nor an IP address or CIDR/);
    expect(parseFetchAllowlist("10.0.0.0/8, ::1, Vendor.Example").hosts).toEqual(["vendor.example"]);
  });

  it("connects to the vetted address only: a DNS answer that changes after the check is never used (no rebind)", async () => {
    let lookups = 0;
    const resolve = async () => (lookups++ === 0 ? [{ address: "127.0.0.2", family: 4 }] : [{ address: "127.0.0.1", family: 4 }]);
    const response = await safeFetch(`http://rebind.example:${vendor.port}/`, { ...base, allowlist: VENDOR_ONLY, resolve });
    expect(response.address).toBe("127.0.0.2");
    expect(lookups).toBe(1);
    expect(vendor.requests.at(-1)?.headers.host).toBe(`rebind.example:${vendor.port}`);
    expect(canary.connections).toBe(0);
  });

  it("follows up to 5 redirects, checking each hop, and refuses the 6th", async () => {
    vendorHandler = (request, response) => {
      const hop = Number(new URL(request.url ?? "/", "http://x").searchParams.get("hop") ?? 0);
      if (hop < 6) response.writeHead(hop % 2 ? 301 : 307, { location: `/r?hop=${hop + 1}` }).end();
      else response.end("done");
    };
    const five = await safeFetch(vendorUrl("/r?hop=1"), { ...base, allowlist: VENDOR_ONLY });
    expect(five).toMatchObject({ status: 200, redirects: 5 });
    const error = await refusal(safeFetch(vendorUrl("/r?hop=0"), { ...base, allowlist: VENDOR_ONLY }));
    expect(error).toMatchObject({ code: "too_many_redirects", message: "more than 5 redirects" });
  });

  it("sends request headers to the vendor, keeps them on a same-origin redirect and drops them when a redirect leaves the origin", async () => {
    const other = await listen("127.0.0.3", (_request, response) => response.end("other"));
    try {
      vendorHandler = (request, response) => {
        if (request.url === "/start") response.writeHead(302, { location: "/same" }).end();
        else if (request.url === "/same") response.writeHead(302, { location: `http://127.0.0.3:${other.port}/elsewhere` }).end();
        else response.end();
      };
      await safeFetch(vendorUrl("/start"), { ...base, allowlist: parseFetchAllowlist("127.0.0.2, 127.0.0.3"), headers: { "x-api-key": "s3cr3t-key" } });
      expect(vendor.requests.slice(-2).map((request) => request.headers["x-api-key"])).toEqual(["s3cr3t-key", "s3cr3t-key"]);
      expect(other.requests[0]?.headers["x-api-key"]).toBeUndefined();
      expect(other.requests[0]?.headers.cookie).toBeUndefined();
    } finally {
      await close(other);
    }
  });

  it("gives up after the total timeout, even while the server is still sending", async () => {
    vendorHandler = (_request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write(" "), 50);
      response.on("close", () => clearInterval(timer));
    };
    const started = Date.now();
    const error = await refusal(safeFetch(vendorUrl(), { ...base, allowlist: VENDOR_ONLY, timeoutMs: 400 }));
    expect(error).toMatchObject({ code: "timeout", message: "no complete answer within 0.4 s" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("aborts a body past the size limit: declared, streamed without a length, and decompressed (a gzip bomb)", async () => {
    vendorHandler = (_request, response) => response.writeHead(200, { "content-length": String(200_000) }).end("x".repeat(200_000));
    expect(await refusal(safeFetch(vendorUrl(), { ...base, allowlist: VENDOR_ONLY }))).toMatchObject({ code: "too_large", message: "the response is larger than the 65,536-byte limit" });

    let closedEarly = false;
    vendorHandler = (_request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write("y".repeat(16 * 1024)), 5);
      response.on("close", () => ((closedEarly = true), clearInterval(timer)));
    };
    expect(await refusal(safeFetch(vendorUrl(), { ...base, allowlist: VENDOR_ONLY }))).toMatchObject({ code: "too_large" });
    await expect.poll(() => closedEarly).toBe(true);

    const bomb = zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    vendorHandler = (_request, response) => response.writeHead(200, { "content-encoding": "gzip" }).end(bomb);
    expect(await refusal(safeFetch(vendorUrl(), { ...base, allowlist: VENDOR_ONLY }))).toMatchObject({ code: "too_large" });
  });

  it("decompresses a gzip body within the limit", async () => {
    vendorHandler = (_request, response) => response.writeHead(200, { "content-encoding": "gzip" }).end(zlib.gzipSync('{"zipped":1}'));
    expect((await safeFetch(vendorUrl(), { ...base, allowlist: VENDOR_ONLY })).body.toString()).toBe('{"zipped":1}');
  });

  it("says plainly when the vendor refuses the connection", async () => {
    const closed = await listen("127.0.0.2", () => undefined);
    const port = closed.port;
    await close(closed);
    expect(await refusal(safeFetch(`http://127.0.0.2:${port}/`, { ...base, allowlist: VENDOR_ONLY }))).toMatchObject({ code: "network", message: "the request failed: connection refused" });
  });
});
