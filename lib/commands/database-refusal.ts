// A change Postgres refuses for its data (SQLSTATE class 22: a NUL byte, invalid JSON text, a value too long) fails
// the same way on every retry: the apply step records it as rejected with this reason at once, instead of retrying it
// into the dead letters while its author sees "queued" and the blog's later commands wait behind it.

type TPostgresCause = { code?: unknown; originalCode?: unknown; message?: unknown; originalMessage?: unknown; detail?: unknown };

/** The Postgres error behind a Prisma or driver-adapter error, wherever the adapter put it. */
function postgresCauseOf(error: unknown): TPostgresCause | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const candidate = current as { meta?: { driverAdapterError?: { cause?: TPostgresCause } }; cause?: unknown; name?: unknown };
    const viaMeta = candidate.meta?.driverAdapterError?.cause;
    if (viaMeta) return viaMeta;
    if (candidate.name === "DriverAdapterError" && candidate.cause && typeof candidate.cause === "object") return candidate.cause as TPostgresCause;
    current = candidate.cause;
  }
  return null;
}

/** A reason for the author when Postgres refused the change's data; null for any other error. */
export function databaseRefusalReason(error: unknown): string | null {
  const cause = postgresCauseOf(error);
  const code = String(cause?.originalCode ?? cause?.code ?? "");
  if (!/^22[0-9A-Z]{3}$/.test(code)) return null;
  const message = String(cause?.originalMessage ?? cause?.message ?? "invalid data");
  const detail = typeof cause?.detail === "string" ? ` (${cause.detail})` : "";
  return `The database refused this change: ${message}${detail}. Check the text for unusual characters and send it again.`;
}
