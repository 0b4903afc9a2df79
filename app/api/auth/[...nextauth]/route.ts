// GET/POST /api/auth/* – next-auth's own endpoints (session, CSRF, credentials callback, sign-out). A POST is checked
// from its headers before next-auth reads it: from our own origin, and small (a CSRF token, an email, a password).
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { CROSS_SITE_REFUSED, isCrossSiteRequest } from "@/lib/auth/assert-same-origin";
import { MAX_AUTH_BODY_BYTES, refuseOversizedBody } from "@/lib/http/request-limits";

export const { GET } = handlers;

export async function POST(request: NextRequest) {
  const oversized = refuseOversizedBody(request.headers, MAX_AUTH_BODY_BYTES);
  if (oversized) return Response.json({ error: oversized.error, code: "invalid_input" }, { status: oversized.status });
  if (isCrossSiteRequest(request.headers)) return Response.json({ error: CROSS_SITE_REFUSED, code: "forbidden" }, { status: 403 });
  return handlers.POST(request);
}
