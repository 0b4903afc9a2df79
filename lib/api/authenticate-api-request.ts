// Who sends an API request: an API token (`Authorization: Bearer blt_…`) or the admin's session cookie.
// A token is an explicit credential, so its requests skip the cross-site checks; a cookie is sent by the browser on
// its own, so a cookie request that changes something must be JSON from the admin's own origin.
import type pg from "pg";
import { authenticateApiToken } from "../api-tokens/authenticate-api-token";
import { assertSameOrigin } from "../auth/assert-same-origin";
import { clientIpFrom } from "../auth/client-ip";
import { PASSWORD_CHANGE_REQUIRED, SESSION_COOKIES, type TCurrentUser } from "../auth/session-user";
import { AppError } from "../errors";

/** The caller, and the API token it came with (null for a session). */
export type TApiUser = TCurrentUser & { tokenId: string | null };

export type TApiRequest = { method: string; headers: Headers };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function hasSessionCookie(headers: Headers): boolean {
  const names = (headers.get("cookie") ?? "").split(";").map((part) => part.split("=", 1)[0]!.trim());
  return names.some((name) => SESSION_COOKIES.some((session) => name === session || name.startsWith(`${session}.`)));
}

/** A cookie request that changes something: from our own origin (the one rule, assert-same-origin.ts) and JSON (a
 * cross-site form cannot send it without a preflight we never grant). */
function assertSameSiteJson(request: TApiRequest): void {
  assertSameOrigin(request.headers);
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new AppError("invalid_input", "Send JSON: Content-Type: application/json.");
  }
}

/** Throws AppError unauthenticated (401), rate_limited (429), forbidden (403, cross-site cookie request) or
 * invalid_input (400, a cookie request that is not JSON). Reads headers only: call it before reading the body. */
export async function authenticateApiRequest(request: TApiRequest, sessionUser: () => Promise<TCurrentUser | null>, pool?: pg.Pool): Promise<TApiUser> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const secret = BEARER.exec(authorization)?.[1];
    if (!secret) throw new AppError("unauthenticated", "Send the API token as Authorization: Bearer <token>.");
    const options = { secret, ip: clientIpFrom(request.headers) };
    return pool ? authenticateApiToken(options, pool) : authenticateApiToken(options);
  }
  if (!hasSessionCookie(request.headers)) throw new AppError("unauthenticated", "Sign in, or send an API token: Authorization: Bearer <token>.");
  if (!SAFE_METHODS.has(request.method.toUpperCase())) assertSameSiteJson(request);
  const user = await sessionUser();
  if (!user) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  // A session whose password an admin set works only for choosing a new one (API tokens are separate credentials).
  if (user.mustChangePassword) throw new AppError("forbidden", PASSWORD_CHANGE_REQUIRED);
  return { ...user, tokenId: null };
}
