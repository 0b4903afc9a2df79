// Tells "Postgres is down or unreachable" (wait and retry) apart from "this command is bad" (reject or dead-letter).
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE", "57P01", "57P02", "57P03", "53300", "P1001", "P1002", "P1017", "P2024"]);
// Prisma's driver-adapter error kinds for the same failures.
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGES = /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|database system is (starting up|shutting down|not yet accepting connections|in recovery mode)|Can't reach database|Timed out fetching a new connection|connect ETIMEDOUT|Connection ended|socket hang up|too many clients|timeout exceeded when trying to connect|Connection terminated due to connection timeout|Query read timeout/i;

type TErrorLike = { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown; name?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as TErrorLike;
    if (typeof candidate.code === "string" && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (typeof candidate.originalCode === "string" && UNAVAILABLE_CODES.has(candidate.originalCode)) return true;
    if (typeof candidate.kind === "string" && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    if (candidate.name === "PrismaClientInitializationError") return true;
    if (typeof candidate.message === "string" && UNAVAILABLE_MESSAGES.test(candidate.message)) return true;
    // Prisma keeps the pg failure (with its SQLSTATE) under meta.driverAdapterError.cause, not under cause.
    pending.push(candidate.cause, candidate.meta?.driverAdapterError?.cause);
  }
  return false;
}
