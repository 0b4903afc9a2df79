// Who is asking, without Next.js: the session cookie's claims (decrypted once per token) and the user re-read from
// the database on every request, so that disabling a user, changing their role or ending their sessions takes effect
// at once. Shared by the Next.js pages and actions (current-user.ts) and the admin server's posting fast path.
//
// Ending sessions: a token carries its session's id (`sid`) and the user's session version at sign-in (`sv`). Signing
// out puts the session id on revoked_sessions until the token could have expired; "sign out everywhere" raises
// users.session_version. Both are checked in the one statement that reads the user, so revocation costs no extra
// round trip.
import { decode } from "next-auth/jwt";
import type pg from "pg";
import { z } from "zod";
import type { Role } from "../generated/prisma/enums";
import { hotPool } from "../db/hot-pool";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { can, type Permission } from "./permissions";
import type { TSessionUser } from "./verify-credentials";

export type TCurrentUser = TSessionUser & {
  /** True while the database is unreachable: identity and role come from the signed session token. */
  degraded: boolean;
  /** The password was set by someone else (first start, an admin): nothing but choosing one's own is allowed. */
  mustChangePassword?: boolean;
};

export const PASSWORD_CHANGE_REQUIRED = "Choose your own password first: your current one was set by an administrator.";

const ZTokenRoleSchema = z.enum(["admin", "editor", "contributor", "viewer"]);
const ZUuidSchema = z.uuid();

export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

/** How long a session token lives (next-auth's maxAge): a revoked session id is kept this long. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export type TSessionClaims = {
  id: string;
  email?: string | null;
  name?: string | null;
  role?: unknown;
  /** The session's id, fixed at sign-in (tokens issued before it existed have none). */
  sessionId?: string | null;
  /** users.session_version at sign-in; a token without one counts as version 0. */
  sessionVersion?: number;
  /** When the user signed in: a session never outlives SESSION_MAX_AGE_SECONDS from here, however often its cookie
   * is re-issued (next-auth renews the token's own expiry on every session read). */
  signedInAtMs?: number | null;
  /** The user had to change their password when signing in (used only while the database is unreachable). */
  mustChangePassword?: boolean;
};

/** The claims Ballast puts in a session token (lib/auth/auth.ts) and reads back. */
export function claimsFromToken(token: Record<string, unknown> & { sub?: string }): TSessionClaims {
  return {
    id: token.sub ?? "",
    email: typeof token.email === "string" ? token.email : null,
    name: typeof token.name === "string" ? token.name : null,
    role: token.role,
    sessionId: typeof token.sid === "string" ? token.sid : null,
    sessionVersion: typeof token.sv === "number" ? token.sv : 0,
    signedInAtMs: typeof token.at === "number" ? token.at * 1000 : null,
    mustChangePassword: token.mcp === true,
  };
}

/** A session signed in longer ago than the maximum age (or at an unknown time) has ended, whatever its cookie says. */
export function sessionOutlived(signedInAtMs: number | null | undefined, nowMs = Date.now()): boolean {
  return !signedInAtMs || nowMs - signedInAtMs > SESSION_MAX_AGE_SECONDS * 1000;
}

// Decrypting a session token costs milliseconds; the same token always decrypts to the same claims until it expires.
const claimsByToken = new Map<string, { claims: TSessionClaims | null; expiresAtMs: number }>();
const MAX_CACHED_TOKENS = 5_000;

export async function decodeSessionToken(name: string, value: string, secret: string): Promise<TSessionClaims | null> {
  const key = `${name}=${value}`;
  const cached = claimsByToken.get(key);
  if (cached && cached.expiresAtMs > Date.now()) return cached.claims;
  const token = await decode({ token: value, secret, salt: name }).catch(() => null);
  const claims = token?.sub ? claimsFromToken(token) : null;
  if (claims && typeof token?.exp === "number") {
    if (claimsByToken.size >= MAX_CACHED_TOKENS) claimsByToken.clear();
    claimsByToken.set(key, { claims, expiresAtMs: token.exp * 1000 });
  }
  return claims;
}

/** The claims of the first session cookie present; undefined when there is none (or no secret to read it with). */
export async function readSessionClaimsFrom(readCookie: (name: string) => string | undefined, secret: string | undefined): Promise<TSessionClaims | null | undefined> {
  for (const name of SESSION_COOKIES) {
    const value = readCookie(name);
    if (!value || !secret) continue;
    return decodeSessionToken(name, value, secret);
  }
  return undefined;
}

// What this process last learned about ended sessions, so that they stay ended while the database is unreachable:
// sessions signed out here, and each user's newest session version seen. Sign-outs on other instances, and versions
// raised while this process was not looking, are unknown to it until the database is back (see userForClaims).
// Kept on globalThis: the admin server's fast path and the Next.js bundles load this module separately in one process.
type TEndedSessions = { knownVersions: Map<string, number>; revokedHere: Map<string, number> };
const ENDED_SESSIONS = Symbol.for("ballast.endedSessions");
const { knownVersions, revokedHere } = ((globalThis as unknown as Record<symbol, TEndedSessions>)[ENDED_SESSIONS] ??= { knownVersions: new Map(), revokedHere: new Map() });
const MAX_REMEMBERED = 10_000;

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= MAX_REMEMBERED && !map.has(key)) map.delete(map.keys().next().value!);
  map.set(key, value);
}

export function rememberSessionVersion(userId: string, version: number): void {
  if ((knownVersions.get(userId) ?? -1) < version) remember(knownVersions, userId, version);
}

export function rememberRevokedSession(sessionId: string, expiresAtMs: number): void {
  remember(revokedHere, sessionId, expiresAtMs);
}

function endedAsFarAsKnown(session: TSessionClaims): boolean {
  if (session.sessionId && (revokedHere.get(session.sessionId) ?? 0) > Date.now()) return true;
  return (session.sessionVersion ?? 0) < (knownVersions.get(session.id) ?? 0);
}

type TUserRow = { id: string; email: string; name: string; role: Role; disabled: boolean; session_version: number; must_change_password: boolean; revoked: boolean };

// One statement per request: the user, and whether this session was signed out (a primary-key probe).
const USER_FOR_SESSION_SQL = `
  SELECT id::text AS id, email, name, role::text AS role, disabled, session_version, must_change_password,
         EXISTS (SELECT 1 FROM revoked_sessions WHERE session_id = $2::uuid) AS revoked
  FROM users WHERE id = $1::uuid`;

/** The session's user as the database has it now; null when unknown, disabled, or the session was ended (signed
 * out, or "sign out everywhere"). While the database is unreachable, identity and role come from the signed token
 * (marked degraded): a session ended elsewhere, or before this process started, keeps working until the database
 * is back or the token expires; sessions this process saw ended stay ended. */
export async function userForClaims(session: TSessionClaims | null, pool?: pg.Pool): Promise<TCurrentUser | null> {
  const id = session?.id;
  if (!session || !id || !ZUuidSchema.safeParse(id).success || sessionOutlived(session.signedInAtMs)) return null;
  const sessionId = session.sessionId && ZUuidSchema.safeParse(session.sessionId).success ? session.sessionId : null;
  try {
    // Plain pg: this runs on every request, and skips Prisma's per-call cost.
    const { rows } = await (pool ?? hotPool()).query<TUserRow>(USER_FOR_SESSION_SQL, [id, sessionId]);
    const [user] = rows;
    if (!user || user.disabled) return null;
    rememberSessionVersion(user.id, user.session_version);
    if (user.revoked || (session.sessionVersion ?? 0) !== user.session_version) return null;
    return { id: user.id, email: user.email, name: user.name, role: user.role, degraded: false, mustChangePassword: user.must_change_password };
  } catch (error) {
    const role = ZTokenRoleSchema.safeParse(session.role);
    if (!isDatabaseUnavailable(error) || !role.success) throw error;
    if (endedAsFarAsKnown(session)) return null;
    return { id, email: session.email ?? "", name: session.name ?? "", role: role.data, degraded: true, mustChangePassword: session.mustChangePassword ?? false };
  }
}

/** Throws AppError(unauthenticated | forbidden) unless the user may do this. */
export function assertAllowed(user: TCurrentUser | null, permission: Permission): TCurrentUser {
  if (!user) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  if (user.mustChangePassword) throw new AppError("forbidden", PASSWORD_CHANGE_REQUIRED);
  if (!can(user.role, permission)) throw new AppError("forbidden", `Your role (${user.role}) is not allowed to do this.`);
  return user;
}
