// Runs before every admin page and server action (not /api, /cdn or static files): refuses cross-site and oversized
// action bodies from the headers alone, and gives each page a fresh CSP nonce (Next.js puts it on its own scripts,
// which is why every admin page renders per request) and HSTS when a trusted proxy says the request came over HTTPS.
import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { isCrossSiteRequest, CROSS_SITE_REFUSED } from "./lib/auth/assert-same-origin";
import { isForwardedHttps } from "./lib/auth/client-ip";
import { readEnv } from "./lib/env";
import { adminContentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "./lib/http/admin-security-headers";
import { MAX_ACTION_BODY_BYTES, refuseOversizedBody } from "./lib/http/request-limits";

const BODYLESS_METHODS = new Set(["GET", "HEAD"]);

function mediaOrigin(publicBaseUrl: string): string | null {
  try {
    return new URL(publicBaseUrl).origin;
  } catch {
    return null;
  }
}

export function proxy(request: NextRequest) {
  if (!BODYLESS_METHODS.has(request.method)) {
    // Server actions are POSTs to page paths. Next.js would read up to 1 MB and answer a larger body with a 500.
    const oversized = refuseOversizedBody(request.headers, MAX_ACTION_BODY_BYTES);
    if (oversized) return NextResponse.json({ error: oversized.error, code: "invalid_input" }, { status: oversized.status });
    if (isCrossSiteRequest(request.headers)) return NextResponse.json({ error: CROSS_SITE_REFUSED, code: "forbidden" }, { status: 403 });
  }
  const env = readEnv();
  const https = isForwardedHttps(request.headers);
  const nonce = randomBytes(16).toString("base64");
  const policy = adminContentSecurityPolicy({ nonce, development: env.NODE_ENV === "development", https, mediaOrigin: mediaOrigin(env.publicBaseUrl) });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Route handlers under /api check their own callers and bodies; /cdn has the CDN's headers; static files need none.
  matcher: ["/((?!api/|cdn/|_next/static/|_next/image|favicon.ico).*)"],
};
