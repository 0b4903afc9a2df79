// The client address as our own server saw it: the last X-Forwarded-For hop (earlier hops are client-supplied).
export function clientIpFrom(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const hops = forwarded?.split(",").map((hop) => hop.trim()).filter(Boolean) ?? [];
  return hops.at(-1) ?? headers.get("x-real-ip") ?? "unknown";
}
