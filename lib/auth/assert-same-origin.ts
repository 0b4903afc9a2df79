// The one cross-site rule for every cookie-authenticated request that changes something (API routes, media upload,
// next-auth's POSTs, server actions via proxy.ts, the admin server's posting fast path): a browser says where a
// request comes from (Sec-Fetch-Site, Origin), and anything but our own origin is refused. Requests with neither
// header come from no browser, so no cookie was sent on anyone's behalf.
import { AppError } from "../errors";
import { isFromTrustedProxy } from "./client-ip";

type THeaderReader = { get(name: string): string | null };

export const CROSS_SITE_REFUSED = "Cross-site requests with a session cookie are refused; scripts should send an API token (Authorization: Bearer …).";

/** The host the browser addressed: Host, or a trusted proxy's X-Forwarded-Host. */
export function publicHost(headers: THeaderReader): string | null {
  const forwarded = isFromTrustedProxy(headers) ? headers.get("x-forwarded-host")?.split(",").at(-1)?.trim() : undefined;
  return (forwarded || headers.get("host"))?.toLowerCase() ?? null;
}

export function isCrossSiteRequest(headers: THeaderReader): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    // "null" (sandboxed frames, some redirects) or garbage: not our origin.
  }
  return !originHost || originHost !== publicHost(headers);
}

/** Throws AppError("forbidden") for a cross-site request. */
export function assertSameOrigin(headers: THeaderReader, message: string = CROSS_SITE_REFUSED): void {
  if (isCrossSiteRequest(headers)) throw new AppError("forbidden", message);
}
