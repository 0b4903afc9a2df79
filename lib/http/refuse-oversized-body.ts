// The admin server's first check on a body bound for a page (server actions are POSTs to page paths): one larger
// than an action may carry, or of undeclared size, is refused from its headers, and nothing of it is kept. Without
// this, Next.js's proxy would buffer a copy of the body and wait for all of it before proxy.ts (which refuses it
// too, for plain `next start`) could answer. Route handlers under /api check their own bodies.
import type http from "node:http";
import { ADMIN_SECURITY_HEADERS } from "./admin-security-headers";
import { MAX_ACTION_BODY_BYTES, refuseOversizedBody } from "./request-limits";

const BODYLESS_METHODS = new Set(["GET", "HEAD"]);
const OWN_BODY_CHECKS = /^\/(api|cdn)\//;
const LINGER_MS = 1_000;

export function tryRefuseOversizedBody(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (BODYLESS_METHODS.has(request.method ?? "GET") || OWN_BODY_CHECKS.test(request.url ?? "/")) return false;
  const refusal = refuseOversizedBody({ get: (name) => (request.headers[name] as string | undefined) ?? null }, MAX_ACTION_BODY_BYTES);
  if (!refusal) return false;
  const body = JSON.stringify({ error: refusal.error, code: "invalid_input" });
  response.writeHead(refusal.status, {
    ...Object.fromEntries(ADMIN_SECURITY_HEADERS.map(({ key, value }) => [key, value])),
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  });
  response.end(body);
  // What is already on its way is discarded (so the client reads this answer rather than a reset); a sender that
  // keeps going for more than a second loses the connection.
  request.resume();
  const linger = setTimeout(() => request.socket.destroy(), LINGER_MS);
  request.once("close", () => clearTimeout(linger));
  return true;
}
