// Who is on the other end of a request: the socket's address, or with TRUSTED_PROXIES the address our own proxies
// report in X-Forwarded-For. Next.js route handlers and server actions cannot see the socket, so the admin server
// (bin/admin-server.ts) copies its address into PEER_ADDRESS_HEADER on every request, overwriting any client-sent copy.
import type { IncomingHttpHeaders } from "node:http";
import { readEnv } from "../env";
import { isTrustedAddress, parseAddress, type TTrustedProxies } from "./trusted-proxies";

export const PEER_ADDRESS_HEADER = "x-ballast-peer-address";

type THeaderReader = { get(name: string): string | null };

// Set by the admin server in this process: only then does PEER_ADDRESS_HEADER come from us rather than the client.
const STAMPED = Symbol.for("ballast.peerAddressStamped");
const processState = globalThis as unknown as { [STAMPED]?: boolean };

/** The admin server calls this first for every request, before Next.js or anything else reads its headers. */
export function stampPeerAddress(headers: IncomingHttpHeaders, socketAddress: string | undefined): void {
  processState[STAMPED] = true;
  headers[PEER_ADDRESS_HEADER] = socketAddress ?? "";
}

function peerAddressFrom(headers: THeaderReader): string | null {
  if (!processState[STAMPED]) return null;
  return parseAddress(headers.get(PEER_ADDRESS_HEADER))?.toString() ?? null;
}

function forwardedHops(headers: THeaderReader): string[] {
  return (headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
}

/** The path from the client to us, nearest last; null stands for a peer we cannot see. Without the admin server
 * (plain `next start`) the peer is not visible, so a proxy must be trusted blindly or the client stays "unknown". */
function requestPath(headers: THeaderReader, trusted: TTrustedProxies): (string | null)[] {
  const hops = trusted.kind === "none" ? [] : forwardedHops(headers);
  return [...hops, peerAddressFrom(headers)];
}

function isTrustedHop(hop: string | null, index: number, path: readonly unknown[], trusted: TTrustedProxies): boolean {
  if (trusted.kind === "hops") return path.length - 1 - index < trusted.hops;
  if (trusted.kind === "ranges") {
    // Unseen peer (plain `next start`): taken to be our proxy, since nothing else can be known about it.
    if (hop === null) return true;
    const address = parseAddress(hop);
    return address !== null && isTrustedAddress(address, trusted);
  }
  return false;
}

/** The client's address: the socket's, or with TRUSTED_PROXIES the first hop (from our side) that is not a trusted
 * proxy. Without the admin server and TRUSTED_PROXIES (plain `next start`), every client is "unknown". */
export function clientIpFrom(headers: THeaderReader, trusted: TTrustedProxies = readEnv().TRUSTED_PROXIES): string {
  const path = requestPath(headers, trusted);
  let index = path.length - 1;
  while (index > 0 && isTrustedHop(path[index]!, index, path, trusted)) index--;
  // A hop is only as good as the trusted proxy that reported it: garbage there means "the proxy did not say".
  for (; index < path.length; index++) {
    const address = parseAddress(path[index]);
    if (address) return address.toString();
  }
  return "unknown";
}

/** True when the nearest peer is one of our trusted proxies, so its X-Forwarded-* headers can be believed. */
export function isFromTrustedProxy(headers: THeaderReader, trusted: TTrustedProxies = readEnv().TRUSTED_PROXIES): boolean {
  if (trusted.kind === "none") return false;
  const path = requestPath(headers, trusted);
  return isTrustedHop(path.at(-1)!, path.length - 1, path, trusted);
}

/** The request reached us over HTTPS: a trusted proxy says so in X-Forwarded-Proto (the admin server speaks plain HTTP). */
export function isForwardedHttps(headers: THeaderReader, trusted: TTrustedProxies = readEnv().TRUSTED_PROXIES): boolean {
  const proto = headers.get("x-forwarded-proto")?.split(",").at(-1)?.trim().toLowerCase();
  return proto === "https" && isFromTrustedProxy(headers, trusted);
}
