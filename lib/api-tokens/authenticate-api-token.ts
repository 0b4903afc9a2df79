// Who an API token acts as: its user, read from the database on every request (enabled, current role), as long as
// the token is neither revoked nor expired. Failed attempts are throttled per client address like failed logins, so
// tokens cannot be guessed; one statement checks the throttle, finds the token and refreshes lastUsedAt (at most
// once a minute), because this runs on every API request.
import "server-only";
import type pg from "pg";
import { MAX_FAILURES, WINDOW_MS } from "../auth/login-throttle";
import type { TCurrentUser } from "../auth/session-user";
import { hotPool } from "../db/hot-pool";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import { logger } from "../logger";
import { apiTokenRefusalAuditSql } from "./record-api-token-refusal";
import { API_TOKEN_SECRET_PATTERN } from "./schemas";
import { hashApiTokenSecret } from "./token-secret";

export const API_TOKEN_REFUSED_MESSAGE = "The API token is invalid, expired or revoked.";

/** The user a request acts as, and the API token it came with (audit rows name it). */
export type TTokenUser = TCurrentUser & { tokenId: string };

export class ApiTokenThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", `Too many failed API-token attempts from your address; try again in ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} minute(s).`);
  }
}

type TLookupRow = {
  recent_failures: number;
  oldest_failure: Date | null;
  now: Date;
  id: string | null;
  user_id: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  email: string | null;
  name: string | null;
  role: Role | null;
  disabled: boolean | null;
};

const LOOKUP_SQL = `
  WITH recent AS (
    SELECT created_at FROM api_token_failures
    WHERE ip = $2 AND created_at > now() - make_interval(secs => $3::double precision)
    ORDER BY created_at DESC LIMIT $4
  ), found AS (
    SELECT t.id::text AS id, t.user_id::text AS user_id, t.expires_at, t.revoked_at, u.email, u.name, u.role::text AS role, u.disabled
    FROM api_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = $1
  ), touched AS (
    UPDATE api_tokens SET last_used_at = now()
    WHERE id = (SELECT id::uuid FROM found WHERE revoked_at IS NULL AND expires_at > now() AND NOT disabled)
      AND (SELECT count(*) FROM recent) < $4
      AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
    RETURNING id
  )
  SELECT (SELECT count(*)::int FROM recent) AS recent_failures, (SELECT min(created_at) FROM recent) AS oldest_failure, now() AS now, found.*
  FROM (SELECT 1) AS one LEFT JOIN found ON true`;

function refusalReason(row: TLookupRow): string {
  if (!row.id) return "unknown";
  if (row.revoked_at) return "revoked";
  if (row.disabled) return "user-disabled";
  return "expired";
}

/** One statement: the failure for the throttle and, for a token we know (revoked, expired, disabled user), an audit
 * row naming it. */
async function recordFailure(pool: pg.Pool, ip: string, row: TLookupRow): Promise<void> {
  const failure = Prisma.sql`INSERT INTO api_token_failures (ip) VALUES (${ip})`;
  const statement = row.id ? Prisma.sql`WITH failure AS (${failure}) ${apiTokenRefusalAuditSql({ tokenId: row.id, userId: row.user_id!, reason: refusalReason(row), ip })}` : failure;
  await pool.query(statement.text, statement.values);
}

export async function authenticateApiToken(options: { secret: string; ip: string }, pool: pg.Pool = hotPool()): Promise<TTokenUser> {
  const hash = hashApiTokenSecret(options.secret);
  // Unlike a session's signed claims, a token cannot be judged without the database (it may have been revoked), so
  // an outage is reported as one (503) rather than accepted on old knowledge.
  const { rows } = await pool.query<TLookupRow>(LOOKUP_SQL, [hash, options.ip, WINDOW_MS / 1000, MAX_FAILURES]);
  const row = rows[0]!;
  const valid = API_TOKEN_SECRET_PATTERN.test(options.secret) && row.id && !row.revoked_at && !row.disabled && row.expires_at! > row.now;
  // A valid 256-bit secret cannot have been guessed: only failures are throttled, so bad attempts from a shared
  // address (a NAT, a proxy) never lock out the scripts that hold good tokens.
  if (!valid) {
    if (row.recent_failures >= MAX_FAILURES) {
      // The block lifts when the oldest of the last failures leaves the window.
      const retryAfterMs = row.oldest_failure!.getTime() + WINDOW_MS - row.now.getTime();
      throw new ApiTokenThrottledError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    }
    await recordFailure(pool, options.ip, row).catch((error: unknown) => logger.warn({ err: error }, "could not record a failed API-token attempt"));
    throw new AppError("unauthenticated", API_TOKEN_REFUSED_MESSAGE);
  }
  return { id: row.user_id!, email: row.email!, name: row.name!, role: row.role!, degraded: false, tokenId: row.id! };
}
