// The admin server's check on the address itself: a path that does not percent-decode to text (`%ff`, `%c0%ae`, a
// lone `%`) names no page, route or file. Next.js answers such a path in a dynamic route with a 500 before any of
// our code runs, so it is refused here with a 400 (the /cdn fast path, which runs first for /cdn, answers 404 itself).
import type http from "node:http";
import { ADMIN_SECURITY_HEADERS } from "./admin-security-headers";

/** True when every segment of the URL's path decodes (the query is left to the route). */
export function isDecodablePath(url: string): boolean {
  const pathname = url.split(/[?#]/, 1)[0]!;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

export function tryRefuseMalformedPath(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (isDecodablePath(request.url ?? "/")) return false;
  const body = JSON.stringify({ error: "This address is not valid: it has a malformed %-escape.", code: "invalid_input" });
  response.writeHead(400, {
    ...Object.fromEntries(ADMIN_SECURITY_HEADERS.map(({ key, value }) => [key, value])),
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  response.end(body);
  // A body sent with it is discarded, not read.
  request.resume();
  return true;
}
