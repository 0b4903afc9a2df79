// TRUSTED_PROXIES: which peers may tell us the client's address (X-Forwarded-For) and scheme (X-Forwarded-Proto).
// Either a count of proxy hops in front of Ballast ("1" behind one load balancer), or a comma-separated list of
// addresses and CIDR ranges ("10.0.0.0/8, ::1"; "loopback" and "private" name the usual ranges). Parsed by lib/env.ts.
import ipaddr from "ipaddr.js";
import { z } from "zod";

type TAddress = ipaddr.IPv4 | ipaddr.IPv6;
export type TTrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "ranges"; ranges: [TAddress, number][] };

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};
const MAX_HOPS = 10;

/** A strictly written IP address (four-part decimal IPv4 or IPv6; IPv4-mapped IPv6 becomes IPv4), else null. */
export function parseAddress(text: string | null | undefined): TAddress | null {
  const trimmed = text?.trim() ?? "";
  if (!ipaddr.IPv4.isValidFourPartDecimal(trimmed) && !ipaddr.IPv6.isValid(trimmed)) return null;
  return ipaddr.process(trimmed);
}

function parseRange(entry: string): [TAddress, number] | null {
  const [address, bits, ...rest] = entry.split("/");
  const parsed = parseAddress(address);
  if (!parsed || rest.length > 0) return null;
  const maxBits = parsed.kind() === "ipv4" ? 32 : 128;
  if (bits === undefined) return [parsed, maxBits];
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits) return null;
  return [parsed, Number(bits)];
}

export const ZTrustedProxiesSchema = z
  .string()
  .optional()
  .transform((value, context): TTrustedProxies => {
    const text = value?.trim() ?? "";
    if (!text || text === "0") return { kind: "none" };
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      if (hops <= MAX_HOPS) return { kind: "hops", hops };
      context.addIssue({ code: "custom", message: `must be a hop count from 0 to ${MAX_HOPS}, or a list of addresses and CIDR ranges` });
      return z.NEVER;
    }
    const ranges: [TAddress, number][] = [];
    for (const entry of text.split(",").map((part) => part.trim().toLowerCase()).filter(Boolean)) {
      const named = NAMED_RANGES[entry];
      const parsed = named ? named.map(parseRange) : [parseRange(entry)];
      if (parsed.some((range) => range === null)) {
        context.addIssue({ code: "custom", message: `"${entry}" is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8, ::1, loopback, private)` });
        return z.NEVER;
      }
      ranges.push(...(parsed as [TAddress, number][]));
    }
    return { kind: "ranges", ranges };
  });

export function isTrustedAddress(address: TAddress, trusted: TTrustedProxies): boolean {
  if (trusted.kind !== "ranges") return false;
  return trusted.ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}
