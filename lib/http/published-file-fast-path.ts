// The admin server's fast path for published files under /cdn (the embedded default stands in for the CDN): the
// same answers as the Next.js route app/cdn/[...path] (answerPublishedRequest), without Next.js's per-request cost, so readers hitting an
// admin that has no CDN in front take as little as possible from editors.
import type http from "node:http";
import { logger } from "../logger";
import { answerPublishedRequest, publishedKeyOfPath } from "../publishing/read-published-object";

const CDN_PREFIX = "/cdn/";

export function tryServePublishedFile(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const pathname = (request.url ?? "").split(/[?#]/, 1)[0]!;
  if (!pathname.startsWith(CDN_PREFIX)) return false;
  // A path that does not decode names no object: 404 here, never handed on to fail elsewhere.
  const key = publishedKeyOfPath(pathname.slice(CDN_PREFIX.length));
  answerPublishedRequest(key, request.headers["if-none-match"]).then(
    (answer) => {
      response.writeHead(answer.status, answer.body ? { ...answer.headers, "Content-Length": answer.body.length } : answer.headers);
      response.end(request.method === "HEAD" ? undefined : (answer.body ?? undefined));
    },
    (error: unknown) => {
      logger.error({ err: error, key }, "serving a published file failed");
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" }).end("Something went wrong on our side.");
    },
  );
  return true;
}
