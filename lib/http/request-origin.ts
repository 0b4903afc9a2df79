// The admin's own origin as the browser addressed it (Host, or a trusted proxy's X-Forwarded-Host and -Proto), for
// links the admin hands over (a password-reset link).
import { publicHost } from "../auth/assert-same-origin";
import { isForwardedHttps } from "../auth/client-ip";

type THeaderReader = { get(name: string): string | null };

export function requestOrigin(headers: THeaderReader): string {
  const host = publicHost(headers) ?? "localhost";
  return `${isForwardedHttps(headers) ? "https" : "http"}://${host}`;
}
