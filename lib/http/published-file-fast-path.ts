// The admin server's fast path for published files under /cdn (the embedded default stands in for the CDN): the
// same answers as the Next.js route app/cdn/[...path], without Next.js's per-request cost, so readers hitting an
// admin that has no CDN in front take as little as possible from editors.
import type http from "node:http";
import { logger } from "../logger";
import { readPublishedObject } from "../publishing/read-published-object";

const CDN_PREFIX = "/cdn/";

function keyOf(url: string): string | null {
  const pathname = url.split(/[?#]/, 1)[0]!;
  if (!pathname.startsWith(CDN_PREFIX)) return null;
  try {
    return pathname.slice(CDN_PREFIX.length).split("/").map(decodeURIComponent).join("/");
  } catch {
    return null;
  }
}

export function tryServePublishedFile(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const key = keyOf(request.url ?? "");
  if (key === null) return false;
  readPublishedObject(key).then(
    (object) => {
      if (!object) {
        const body = JSON.stringify({ error: "Not found" });
        response.writeHead(404, { "Content-Type": "application/json", "Cache-Control": "public, max-age=2", "Access-Control-Allow-Origin": "*", "Content-Length": Buffer.byteLength(body) });
        response.end(request.method === "HEAD" ? undefined : body);
        return;
      }
      if (request.headers["if-none-match"] === object.headers.ETag) {
        response.writeHead(304, object.headers).end();
        return;
      }
      response.writeHead(200, { ...object.headers, "Content-Length": object.body.length });
      response.end(request.method === "HEAD" ? undefined : object.body);
    },
    (error: unknown) => {
      logger.error({ err: error, key }, "serving a published file failed");
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" }).end("Something went wrong on our side.");
    },
  );
  return true;
}
