// Short, human words for "Postgres is unreachable": for one-line logs and CLI errors, never a driver's stack or
// Prisma's "Invalid `x()` invocation" frame.
import net from "node:net";
import { isDatabaseUnavailable } from "./is-database-unavailable";

export type TDatabaseOutage = {
  /** A few words: "connection refused", "connection closed by the server", ... */
  reason: string;
  /** host:port when the error or the URL names it. */
  address: string | null;
};

type TErrorLike = { code?: unknown; message?: unknown; cause?: unknown; address?: unknown; port?: unknown; meta?: unknown };

const AMBIGUOUS = "connection refused or host not found";

const REASONS: [RegExp, string][] = [
  [/ECONNREFUSED/, "connection refused"],
  [/ENOTFOUND|getaddrinfo/, "host not found"],
  [/EHOSTUNREACH/, "host unreachable"],
  [/^P1001$|Can't reach database server/i, AMBIGUOUS],
  [/^P2024$|fetching a new connection/i, "timed out waiting for a free connection"],
  [/ETIMEDOUT|SocketTimeout|timeout|timed out/i, "connection timed out"],
  [/^57P03$|starting up|shutting down|recovery mode|not yet accepting/i, "Postgres is starting up or shutting down"],
  [/^53300$|TooManyConnections|too many clients/i, "too many connections"],
  [/^(ECONNRESET|EPIPE|57P01|57P02|P1017|ConnectionClosed)$|terminat|Connection ended|socket hang up|closed the connection/i, "connection closed by the server"],
];

function* chain(error: unknown): Generator<TErrorLike> {
  const seen = new Set<unknown>();
  let current = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    yield current as TErrorLike;
    // Prisma's driver-adapter errors keep the pg failure under meta.driverAdapterError.cause.
    const adapterCause = (current as { meta?: { driverAdapterError?: { cause?: unknown } } }).meta?.driverAdapterError?.cause;
    if (adapterCause && typeof adapterCause === "object") yield adapterCause as TErrorLike;
    current = (current as TErrorLike).cause;
  }
}

function reasonFor(error: unknown): string {
  const links = [...chain(error)];
  const unreachable = links.find((link) => (link as { kind?: unknown }).kind === "DatabaseNotReachable") as { host?: unknown } | undefined;
  // Prisma folds ECONNREFUSED and ENOTFOUND into one kind (an IP address cannot be "not found": see below).
  if (unreachable) return AMBIGUOUS;
  const candidates = [
    ...links.flatMap((link) => [link.code, (link as { kind?: unknown }).kind]),
    ...links.map((link) => link.message),
  ].filter((candidate): candidate is string => typeof candidate === "string");
  for (const candidate of candidates) {
    const match = REASONS.find(([pattern]) => pattern.test(candidate));
    if (match) return match[1];
  }
  return "unreachable";
}

function addressFor(error: unknown, databaseUrl: string | undefined): string | null {
  for (const link of chain(error)) {
    const host = typeof link.address === "string" ? link.address : (link as { host?: unknown }).host;
    if (typeof host === "string" && (typeof link.port === "number" || typeof link.port === "string")) return `${host}:${link.port}`;
  }
  if (databaseUrl) {
    try {
      const url = new URL(databaseUrl);
      return `${url.hostname}:${url.port || "5432"}`;
    } catch {
      return null;
    }
  }
  return null;
}

/** What went wrong in a few words, when `error` means Postgres is unreachable; null for any other error. */
export function describeDatabaseOutage(error: unknown, databaseUrl?: string): TDatabaseOutage | null {
  if (!isDatabaseUnavailable(error)) return null;
  const address = addressFor(error, databaseUrl);
  const reason = reasonFor(error);
  const host = address?.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  return { reason: reason === AMBIGUOUS && host && net.isIP(host) ? "connection refused" : reason, address };
}

/** "Cannot reach Postgres at 127.0.0.1:5432 (connection refused). Is it running?", or null for any other error. */
export function cannotReachPostgresMessage(error: unknown, databaseUrl?: string): string | null {
  const outage = describeDatabaseOutage(error, databaseUrl);
  if (!outage) return null;
  const hint = /refused|not found|unreachable|timed out/.test(outage.reason) ? " Is it running?" : "";
  return `Cannot reach Postgres${outage.address ? ` at ${outage.address}` : ""} (${outage.reason}).${hint}`;
}
