// The one guard for every request Ballast makes to a URL someone typed (vendor feeds now, webhooks later): http and
// https only; the host resolved here and every address checked (loopback, private, link-local, CGNAT, ULA,
// multicast, unspecified, broadcast, reserved, cloud metadata; IPv4-mapped, NAT64 and 6to4 forms by the IPv4 they
// carry); the connection pinned to the vetted address, so a DNS answer that changes between check and connect cannot
// slip through; redirects followed by hand (at most 5), each hop checked the same way; one total timeout; the body
// streamed and cut off past a size limit (after decompression); no cookies, no credentials in URLs. FETCH_ALLOWLIST
// lets named hosts and ranges through. Address classes come from ipaddr.js, never from a hand-written table.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import ipaddr from "ipaddr.js";
import { readEnv } from "../env";
import { allowlistHasAddress, allowlistHasHost, EMPTY_ALLOWLIST, type TFetchAllowlist } from "./fetch-allowlist";

type TAddress = ipaddr.IPv4 | ipaddr.IPv6;

export type TSafeFetchErrorCode = "refused" | "invalid_url" | "dns" | "timeout" | "too_large" | "too_many_redirects" | "network" | "decode";

/** Every failure of a guarded request: a code to branch on, and a message an editor can read. */
export class SafeFetchError extends Error {
  constructor(
    readonly code: TSafeFetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SafeFetchError";
  }
}

export type TResolvedAddress = { address: string; family: number };

export type TSafeFetchOptions = {
  /** GET (default) follows redirects; POST (webhooks) never does: a 3xx comes back as the answer. */
  method?: "GET" | "POST";
  /** The POST body, sent with a Content-Length. */
  body?: Buffer | string;
  /** Default: the feed fetcher's. */
  userAgent?: string;
  /** Request headers (a vendor's API key, conditional headers); dropped when a redirect leaves the origin. */
  headers?: Record<string, string>;
  /** For the whole exchange: every DNS lookup, connection, redirect and the body. */
  timeoutMs: number;
  /** The most body bytes read (after decompression); more aborts the request. */
  maxBytes: number;
  maxRedirects?: number;
  /** Default: the FETCH_ALLOWLIST setting. */
  allowlist?: TFetchAllowlist;
  /** Default: the system resolver (every address of the name). Tests inject one to play a DNS rebind. */
  resolve?: (host: string) => Promise<TResolvedAddress[]>;
  signal?: AbortSignal;
};

export type TSafeResponse = {
  status: number;
  /** Lower-case names; repeated headers joined with ", "; Set-Cookie is never kept. */
  headers: Record<string, string>;
  body: Buffer;
  /** The URL of the last hop. */
  url: string;
  /** The address the last hop connected to. */
  address: string;
  redirects: number;
};

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = "Ballast feed fetcher (+https://github.com/ballast-cms)";

/** Names that reach instance metadata whatever they resolve to. */
const BLOCKED_HOST_NAMES = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"]);
/** Instance metadata services, named as such in refusals (all are in a refused class already). */
const METADATA_ADDRESSES = new Set(["169.254.169.254", "169.254.170.2", "169.254.169.123", "100.100.100.200", "fd00:ec2::254", "fd00:ec2::23"]);

const RANGE_LABELS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  uniqueLocal: "a unique-local (private) address",
  multicast: "a multicast address",
  unspecified: "an unspecified address",
  broadcast: "the broadcast address",
  reserved: "a reserved or documentation address",
  benchmarking: "a benchmarking address",
  deprecatedSiteLocal: "a site-local address",
  teredo: "a Teredo tunnel address",
  discard: "a discard-only address",
};

/** The embedded IPv4 address of an IPv6 form that carries one (mapped, translated, NAT64, 6to4, IPv4-compatible). */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === "ipv4Mapped" || range === "rfc6145" || range === "rfc6052") return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === "6to4") return new ipaddr.IPv4(bytes.slice(2, 6));
  // IPv4-compatible (::a.b.c.d, deprecated); :: and ::1 are classified on their own.
  if (bytes.slice(0, 12).every((byte) => byte === 0) && range !== "unspecified" && range !== "loopback") return new ipaddr.IPv4(bytes.slice(12, 16));
  return null;
}

/** Why connecting to this address is refused ("a loopback address"), or null for a public unicast address. */
export function classifyAddress(address: TAddress): string | null {
  const text = address.toString();
  if (METADATA_ADDRESSES.has(text)) return "a cloud metadata address";
  if (address.kind() === "ipv6") {
    const inner = embeddedIPv4(address as ipaddr.IPv6);
    if (inner) {
      const innerReason = classifyAddress(inner);
      const form = (address as ipaddr.IPv6).range() === "6to4" ? "6to4" : (address as ipaddr.IPv6).range() === "rfc6052" ? "NAT64" : "IPv4-mapped";
      // IPv4-compatible and mapped forms of a public address are still not a way we connect to anybody.
      if (innerReason) return `${innerReason} (${form} form of ${inner.toString()})`;
      return form === "NAT64" || form === "6to4" ? null : `an IPv4-mapped address (of ${inner.toString()})`;
    }
  }
  const range = address.range();
  if (range === "unicast") return null;
  return RANGE_LABELS[range] ?? `a special-purpose address (${range})`;
}

function refuse(message: string): never {
  throw new SafeFetchError("refused", `refused: ${message}`);
}

/** The URL parsed by the WHATWG parser (which turns 2130706433, 0177.0.0.1 and 0x7f.1 into 127.0.0.1) and checked. */
export function parseFetchUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SafeFetchError("invalid_url", `not a valid URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") refuse(`only http and https URLs are fetched (this one is ${url.protocol.replace(/:$/, "")})`);
  if (url.username || url.password) refuse("the URL carries a user name or password; send credentials as a secret request header instead");
  return url;
}

const systemResolve = async (host: string): Promise<TResolvedAddress[]> => dns.promises.lookup(host, { all: true, verbatim: true });

/** Resolves the URL's host and checks every address; returns the one to connect to. */
async function vetHost(url: URL, options: { allowlist: TFetchAllowlist; resolve: (host: string) => Promise<TResolvedAddress[]> }): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const hostAllowed = allowlistHasHost(options.allowlist, host);
  const check = (address: TAddress, shown: string) => {
    if (hostAllowed || allowlistHasAddress(options.allowlist, address)) return;
    const reason = classifyAddress(address);
    if (reason) refuse(`${shown} is ${reason}`);
  };
  if (net.isIP(host)) {
    const address = ipaddr.parse(host);
    check(address, host);
    return { address: host, family: address.kind() === "ipv4" ? 4 : 6 };
  }
  const name = host.toLowerCase().replace(/\.$/, "");
  if (!hostAllowed && (BLOCKED_HOST_NAMES.has(name) || name === "localhost" || name.endsWith(".localhost"))) {
    refuse(`${name} is ${name.includes("localhost") ? "a loopback host name" : "a cloud metadata host name"}`);
  }
  let answers: TResolvedAddress[];
  try {
    answers = await options.resolve(host);
  } catch (error) {
    throw new SafeFetchError("dns", `cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (answers.length === 0) throw new SafeFetchError("dns", `cannot resolve ${host}: no addresses`);
  // Every answer is checked (a name with one public and one private address is refused), then the first is pinned.
  for (const answer of answers) {
    if (!ipaddr.isValid(answer.address)) throw new SafeFetchError("dns", `cannot resolve ${host}: unusable answer`);
    check(ipaddr.parse(answer.address), `${host} resolves to ${answer.address}, which`);
  }
  const first = answers[0]!;
  return { address: first.address, family: net.isIPv6(first.address) ? 6 : 4 };
}

/** A `lookup` for http(s).request that answers only the vetted address: the connection cannot go anywhere else. */
function pinnedLookup(pinned: { address: string; family: 4 | 6 }): net.LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as net.LookupFunction;
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === "set-cookie") continue;
    flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function decoderFor(encoding: string | undefined): Readable | null {
  switch ((encoding ?? "identity").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    case "identity":
    case "":
      return null;
    default:
      throw new SafeFetchError("decode", `the response uses an unsupported content encoding (${encoding})`);
  }
}

function tooLarge(maxBytes: number): SafeFetchError {
  return new SafeFetchError("too_large", `the response is larger than the ${maxBytes.toLocaleString("en-US")}-byte limit`);
}

/** Reads the body, decompressed, and stops (destroying the connection) as soon as it passes maxBytes. */
async function readBody(response: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  const decoder = decoderFor(response.headers["content-encoding"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge(maxBytes);
  }
  const source: Readable = decoder ? response.pipe(decoder as unknown as NodeJS.WritableStream) as unknown as Readable : response;
  if (decoder) response.on("error", (error) => decoder.destroy(error));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    response.destroy();
    decoder?.destroy();
    if (error instanceof SafeFetchError) throw error;
    if (decoder && (error as NodeJS.ErrnoException).code?.startsWith("Z_")) throw new SafeFetchError("decode", `the response body is not valid ${response.headers["content-encoding"]} data`);
    throw error;
  }
  return Buffer.concat(chunks);
}

type THop = { response: http.IncomingMessage; address: string };

function requestOnce(url: URL, pinned: { address: string; family: 4 | 6 }, headers: Record<string, string>, signal: AbortSignal, method: "GET" | "POST" = "GET", body?: Buffer): Promise<THop> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const request = transport.request({
      method,
      protocol: url.protocol,
      host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers,
      // No pooling: every request makes its own connection to the address vetted for it.
      agent: false,
      lookup: pinnedLookup(pinned),
      ...(url.protocol === "https:" && !net.isIP(host) ? { servername: host } : {}),
      signal,
    });
    request.on("response", (response) => resolve({ response, address: pinned.address }));
    request.on("error", reject);
    request.end(body);
  });
}

function networkError(error: unknown, timedOut: boolean, timeoutMs: number): SafeFetchError {
  if (error instanceof SafeFetchError) return error;
  if (timedOut) return new SafeFetchError("timeout", `no complete answer within ${timeoutMs / 1000} s`);
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === "ECONNREFUSED" ? "connection refused" : code === "ECONNRESET" ? "connection reset" : code ?? (error as Error).message;
  return new SafeFetchError("network", `the request failed: ${reason}`);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

/** Checks a URL as a request to it would be checked (scheme, credentials, every resolved address), without sending
 * anything: for refusing a webhook or feed address at the door. Throws SafeFetchError. */
export async function vetFetchUrl(rawUrl: string, options: { allowlist?: TFetchAllowlist; resolve?: (host: string) => Promise<TResolvedAddress[]> } = {}): Promise<void> {
  const url = parseFetchUrl(rawUrl);
  await vetHost(url, { allowlist: options.allowlist ?? readEnv().FETCH_ALLOWLIST ?? EMPTY_ALLOWLIST, resolve: options.resolve ?? systemResolve });
}

/** GET (or POST) `rawUrl` under the guard. Throws SafeFetchError (refused, timeout, too large, ...); any HTTP status
 * is returned. */
export async function safeFetch(rawUrl: string, options: TSafeFetchOptions): Promise<TSafeResponse> {
  const allowlist = options.allowlist ?? readEnv().FETCH_ALLOWLIST ?? EMPTY_ALLOWLIST;
  const resolve = options.resolve ?? systemResolve;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let url = parseFetchUrl(rawUrl);
  const origin = url.origin;
  let callerHeaders = { ...(options.headers ?? {}) };
  const method = options.method ?? "GET";
  const requestBody = options.body === undefined ? undefined : Buffer.from(options.body);
  if (requestBody) callerHeaders["content-length"] = String(requestBody.length);
  try {
    for (let redirects = 0; ; redirects++) {
      const pinned = await abortable(vetHost(url, { allowlist, resolve }), signal);
      const headers = { ...callerHeaders, "user-agent": options.userAgent ?? USER_AGENT, accept: "application/json, text/csv, */*;q=0.5", "accept-encoding": "gzip, deflate, br", connection: "close" };
      const { response, address } = await requestOnce(url, pinned, headers, signal, method, requestBody);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      // A POST is never replayed at another address (the body could carry a signature meant for this one).
      if (method === "GET" && REDIRECT_STATUSES.has(status) && location) {
        response.destroy();
        if (redirects >= maxRedirects) throw new SafeFetchError("too_many_redirects", `more than ${maxRedirects} redirects`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new SafeFetchError("invalid_url", `the server redirected to an invalid URL: ${JSON.stringify(location.slice(0, 200))}`);
        }
        url = parseFetchUrl(next.toString());
        // Credentials meant for the vendor never follow a redirect to somebody else.
        if (url.origin !== origin) callerHeaders = {};
        continue;
      }
      const body = await readBody(response, options.maxBytes);
      return { status, headers: flattenHeaders(response.headers), body, url: url.toString(), address, redirects };
    }
  } catch (error) {
    throw networkError(error, timeout.aborted, options.timeoutMs);
  }
}
