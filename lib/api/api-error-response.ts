// Any error on the API as the JSON a script reads: the one error mapper's result plus the headers HTTP clients
// expect (WWW-Authenticate on 401, Retry-After on 429 and 503).
import { ApiTokenThrottledError } from "../api-tokens/authenticate-api-token";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { httpStatusFor, toActionError } from "../errors";
import type { TApiError } from "./schemas";

export type TApiErrorResponse = { status: number; body: TApiError; headers: Record<string, string> };

const DATABASE_RETRY_SECONDS = 5;

export function apiErrorResponse(error: unknown, context: { route: string }): TApiErrorResponse {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: { error: "The database is unreachable, so the request cannot be checked; try again shortly.", code: "unavailable", fieldErrors: {} },
      headers: { ...headers, "Retry-After": String(DATABASE_RETRY_SECONDS) },
    };
  }
  const result = toActionError(error, context);
  if (result.code === "unauthenticated") headers["WWW-Authenticate"] = 'Bearer realm="Ballast"';
  if (error instanceof ApiTokenThrottledError) headers["Retry-After"] = String(error.retryAfterSeconds);
  return { status: httpStatusFor(result.code), body: { error: result.error, code: result.code, fieldErrors: result.fieldErrors }, headers };
}
