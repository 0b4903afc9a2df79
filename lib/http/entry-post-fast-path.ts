// The admin server's fast path for an editor's post (POST /api/liveblogs/:slug/entries), answered before Next.js with
// the same code as the Next.js route (lib/commands/accept-entry-post.ts). Anything unusual is left to Next.js.
import type http from "node:http";
import { CROSS_SITE_REFUSED, isCrossSiteRequest } from "../auth/assert-same-origin";
import { readSessionClaimsFrom, SESSION_COOKIES, userForClaims } from "../auth/session-user";
import { acceptEntryPost, type TJsonResponse } from "../commands/accept-entry-post";
import { AppError } from "../errors";
import { logger } from "../logger";
import { ADMIN_SECURITY_HEADERS } from "./admin-security-headers";

const ENTRY_POST_PATH = /^\/api\/liveblogs\/([^/?#]+)\/entries$/;
const MAX_BODY_BYTES = 1024 * 1024;
const SESSION_ENDED = "Your session has ended. Please sign in again.";

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator <= 0) continue;
    const name = part.slice(0, separator).trim();
    const raw = part.slice(separator + 1).trim();
    try {
      if (!cookies.has(name)) cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      // Answer at once and discard the rest, so the client reads a clear error instead of a reset connection.
      request.off("data", collect);
      request.resume();
      reject(new AppError("invalid_input", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`));
    };
    request.on("data", collect);
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(response: http.ServerResponse, result: TJsonResponse) {
  const body = JSON.stringify(result.body);
  response.writeHead(result.status, {
    ...Object.fromEntries(ADMIN_SECURITY_HEADERS.map(({ key, value }) => [key, value])),
    ...result.headers,
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(body),
  });
  response.end(body);
}

function headerReader(request: http.IncomingMessage): { get(name: string): string | null } {
  return {
    get(name) {
      const value = request.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

function refuseUnread(request: http.IncomingMessage, response: http.ServerResponse, status: number, body: Record<string, unknown>): true {
  request.resume();
  sendJson(response, { status, body: { fieldErrors: {}, ...body }, headers: {} });
  return true;
}

async function answerEntryPost(request: http.IncomingMessage, slug: string, readCookie: (name: string) => string | undefined, secret: string): Promise<TJsonResponse> {
  const session = await readSessionClaimsFrom(readCookie, secret);
  if (!session) {
    request.resume(); // never read: discarded
    return { status: 401, body: { error: SESSION_ENDED, code: "unauthenticated", fieldErrors: {} }, headers: {} };
  }
  let bodyRead = false;
  const answer = await acceptEntryPost({ slug, contentType: request.headers["content-type"], readBody: () => ((bodyRead = true), readBody(request)), currentUser: () => userForClaims(session) });
  if (!bodyRead) request.resume(); // refused before reading: discarded
  return answer;
}

/** Answers an entry post when it carries an ordinary session cookie; returns false to leave anything unusual to Next.js. */
export function tryServeEntryPost(request: http.IncomingMessage, response: http.ServerResponse, secret: string | undefined): boolean {
  if (request.method !== "POST") return false;
  const match = ENTRY_POST_PATH.exec(request.url ?? "");
  if (!match) return false;
  // A Bearer token wins over a cookie everywhere; the Next.js route authenticates it.
  if (request.headers.authorization) return false;
  const cookies = parseCookies(request.headers.cookie);
  if (!secret || !SESSION_COOKIES.some((name) => cookies.has(name))) return false;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  // The same cross-site rule as every cookie route, and a signed session, before a byte of the body is read.
  if (isCrossSiteRequest(headerReader(request))) return refuseUnread(request, response, 403, { error: CROSS_SITE_REFUSED, code: "forbidden" });
  answerEntryPost(request, slug, (name) => cookies.get(name), secret).then(
    (result) => sendJson(response, result),
    (error: unknown) => {
      logger.error({ err: error }, "entry post failed");
      if (!response.headersSent) sendJson(response, { status: 500, body: { error: "Something went wrong on our side. It has been logged; please try again.", code: "internal" }, headers: {} });
    },
  );
  return true;
}

