// /cdn answers, through both doors (the Next.js route and the admin server's fast path): nosniff on every answer, 404s
// included, and a path that does not decode is a 404, never a 500 or a hand-off to something that fails.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { GET } from "../../app/cdn/[...path]/route";
import { tryServePublishedFile } from "./published-file-fast-path";
import { tryRefuseMalformedPath } from "./refuse-malformed-path";

const publicDir = await vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  const folder = mkdtempSync(join(tmpdir(), "ballast-cdn-test-"));
  vi.stubEnv("PUBLISH_TARGET", `file://${folder}`);
  return folder;
});

let server: http.Server;
let base: string;

beforeAll(async () => {
  await new FilePublisher(publicDir).put({ key: "liveblogs/night/latest.json", body: '{"ok":true}', contentType: "application/json", cacheControl: "x" });
  await new FilePublisher(publicDir).put({ key: "pages/today/index.html", body: "<!doctype html><title>Today</title>", contentType: "text/html", cacheControl: "x" });
  // The workers' controls share the bucket with SQS and no publish prefix: present on the target, never served.
  await new FilePublisher(publicDir).put({ key: "_control/workers.json", body: '{"paused":false}', contentType: "application/json", cacheControl: "x" });
  server = http.createServer((request, response) => {
    // The admin server's order: the /cdn fast path, then the malformed-path check, then Next.js (here: 418).
    if (!tryServePublishedFile(request, response) && !tryRefuseMalformedPath(request, response)) response.writeHead(418).end("handed on");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  const fs = await import("node:fs");
  fs.rmSync(publicDir, { recursive: true, force: true });
});

const PATHS: [string, number][] = [
  ["/cdn/liveblogs/night/latest.json", 200],
  ["/cdn/liveblogs/night/missing.json", 404],
  // A folder's URL is its index.html, as a CDN's directory index serves it.
  ["/cdn/pages/today/", 200],
  ["/cdn/pages/today/index.html", 200],
  ["/cdn/pages/missing/", 404],
  ["/cdn/_control/workers.json", 404],
  ["/cdn/%c0%ae", 404],
  ["/cdn/%c0%ae%c0%ae/etc/passwd", 404],
  ["/cdn/liveblogs/%ff/latest.json", 404],
  ["/cdn/liveblogs/%00/latest.json", 404],
  ["/cdn/liveblogs/night/..%2f..%2fsecret", 404],
];

describe("published files under /cdn", () => {
  it.each(PATHS)("the Next.js route answers %s with %i and nosniff", async (pathname, status) => {
    const response = await GET(new Request(`http://localhost${pathname}`));
    expect(response.status).toBe(status);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it.each(PATHS)("the admin server's fast path answers %s with %i and nosniff, itself", async (pathname, status) => {
    const response = await fetch(`${base}${pathname}`);
    expect(response.status).toBe(status);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it.each(["/admin/liveblogs/%ff", "/admin/liveblogs/%c0%ae", "/api/liveblogs/%ff/stream", "/api/liveblogs/%E0%A4%A/entries", "/login%"])(
    "any other path that does not decode (%s) gets a 400 before Next.js, which would answer 500",
    async (pathname) => {
      const response = await fetch(`${base}${pathname}`, { method: pathname.endsWith("/entries") ? "POST" : "GET", body: pathname.endsWith("/entries") ? "{}" : undefined });
      expect(response.status).toBe(400);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect((await response.json()).code).toBe("invalid_input");
    },
  );

  it("hands well-formed paths on, %00 and escaped text included (their routes answer 404 for a slug that is not one)", async () => {
    for (const pathname of ["/admin/liveblogs/election-night", "/admin/liveblogs/%00", "/admin/liveblogs/%C3%A9t%C3%A9", "/admin?q=%ff"]) {
      expect((await fetch(`${base}${pathname}`)).status, pathname).toBe(418);
    }
  });

  it("a 404 is JSON and cached only briefly", async () => {
    const response = await fetch(`${base}/cdn/%c0%ae`);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("public, max-age=2");
    expect(await response.json()).toEqual({ error: "Not found" });
  });
});
