// FETCH_ALLOWLIST: hosts and address ranges the outbound-request guard (safe-fetch.ts) lets through although they are
// private or local ("vendor.internal, 10.20.0.0/16, 127.0.0.1"): for tests and for vendors on a private network.
// Parsed by lib/env.ts. A host name matches exactly (case-insensitive); an address or CIDR matches the resolved address.
import ipaddr from "ipaddr.js";
import { z } from "zod";

type TAddress = ipaddr.IPv4 | ipaddr.IPv6;
export type TFetchAllowlist = { hosts: string[]; ranges: [TAddress, number][] };

export const EMPTY_ALLOWLIST: TFetchAllowlist = { hosts: [], ranges: [] };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

/** An address or CIDR ("127.0.0.1", "10.0.0.0/8", "fd00::/8"); IPv4-mapped IPv6 becomes IPv4. Null when neither. */
function parseRange(entry: string): [TAddress, number] | null {
  const [address = "", bits, ...rest] = entry.split("/");
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  if (rest.length > 0 || (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare))) return null;
  const parsed = ipaddr.process(bare);
  const maxBits = parsed.kind() === "ipv4" ? 32 : 128;
  if (bits === undefined) return [parsed, maxBits];
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits) return null;
  return [parsed, Number(bits)];
}

/** Parses the setting; throws a readable error for an entry that is neither a host name nor an address or CIDR. */
export function parseFetchAllowlist(text: string | undefined): TFetchAllowlist {
  const allowlist: TFetchAllowlist = { hosts: [], ranges: [] };
  for (const entry of (text ?? "").split(",").map((part) => part.trim().toLowerCase()).filter(Boolean)) {
    const range = parseRange(entry);
    if (range) allowlist.ranges.push(range);
    else if (HOST_NAME.test(entry) && !/^[\d.]+$/.test(entry)) allowlist.hosts.push(entry.replace(/\.$/, ""));
    else throw new Error(`"${entry}" is neither a host name nor an IP address or CIDR range (e.g. vendor.internal, 10.0.0.0/8, 127.0.0.1)`);
  }
  return allowlist;
}

export const ZFetchAllowlistSchema = z
  .string()
  .optional()
  .transform((value, context): TFetchAllowlist => {
    try {
      return parseFetchAllowlist(value);
    } catch (error) {
      context.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

export function allowlistHasHost(allowlist: TFetchAllowlist, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return allowlist.hosts.includes(name);
}

export function allowlistHasAddress(allowlist: TFetchAllowlist, address: TAddress): boolean {
  return allowlist.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}
