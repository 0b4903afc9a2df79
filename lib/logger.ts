// Structured logs (pino) for the admin, the worker and the CLI, and the one-line error an operator's terminal gets.
import pino from "pino";
import { cannotReachPostgresMessage } from "./db/describe-database-error";
import { readEnv } from "./env";

function configuredLevel(): string {
  try {
    return readEnv().LOG_LEVEL;
  } catch {
    // A bad configuration is reported by the process's own readEnv() call, as one line, not by this import.
    return "info";
  }
}

export const logger = pino({ level: configuredLevel(), base: { service: "ballast" } });

const MAX_LINE = 400;

/** One human line for a CLI: "Cannot reach Postgres at host:port (connection refused). Is it running?" for an
 * unreachable database, the reason without Prisma's "Invalid `x()` invocation" frame, never a stack. */
export function describeError(error: unknown, options: { databaseUrl?: string } = {}): string {
  const unreachable = cannotReachPostgresMessage(error, options.databaseUrl);
  if (unreachable) return unreachable;
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  // Prisma puts the call site and a code frame first and the reason last.
  const fromPrisma = (error instanceof Error && error.name.startsWith("PrismaClient")) || /^Invalid `.*` invocation/.test(lines[0] ?? "");
  const line = (fromPrisma ? lines.at(-1) : lines.join(" ")) || "unknown error";
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}
