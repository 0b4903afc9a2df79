// Who is asking, without Next.js: the session cookie's claims (decrypted once per token) and the user re-read from
// the database on every request, so that disabling a user or changing their role takes effect at once.
// Shared by the Next.js pages and actions (current-user.ts) and the admin server's posting fast path.
import { decode } from "next-auth/jwt";
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
};

const ZTokenRoleSchema = z.enum(["admin", "editor", "contributor", "viewer"]);

export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

export type TSessionClaims = { id: string; email?: string | null; name?: string | null; role?: unknown };

// Decrypting a session token costs milliseconds; the same token always decrypts to the same claims until it expires.
const claimsByToken = new Map<string, { claims: TSessionClaims | null; expiresAtMs: number }>();
const MAX_CACHED_TOKENS = 5_000;

export async function decodeSessionToken(name: string, value: string, secret: string): Promise<TSessionClaims | null> {
  const key = `${name}=${value}`;
  const cached = claimsByToken.get(key);
  if (cached && cached.expiresAtMs > Date.now()) return cached.claims;
  const token = await decode({ token: value, secret, salt: name }).catch(() => null);
  const claims = token?.sub ? { id: token.sub, email: token.email, name: token.name, role: token.role } : null;
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

/** The session's user as the database has it now; null when unknown or disabled. While the database is
 * unreachable, identity and role come from the signed token (marked degraded). */
export async function userForClaims(session: TSessionClaims | null): Promise<TCurrentUser | null> {
  const id = session?.id;
  if (!session || !id || !z.uuid().safeParse(id).success) return null;
  try {
    // Plain pg: this runs on every request, and skips Prisma's per-call cost.
    const { rows } = await hotPool().query<{ id: string; email: string; name: string; role: Role; disabled: boolean }>(
      "SELECT id::text AS id, email, name, role::text AS role, disabled FROM users WHERE id = $1::uuid",
      [id],
    );
    const [user] = rows;
    if (!user || user.disabled) return null;
    return { id: user.id, email: user.email, name: user.name, role: user.role, degraded: false };
  } catch (error) {
    const role = ZTokenRoleSchema.safeParse(session.role);
    if (!isDatabaseUnavailable(error) || !role.success) throw error;
    return { id, email: session.email ?? "", name: session.name ?? "", role: role.data, degraded: true };
  }
}

/** Throws AppError(unauthenticated | forbidden) unless the user may do this. */
export function assertAllowed(user: TCurrentUser | null, permission: Permission): TCurrentUser {
  if (!user) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  if (!can(user.role, permission)) throw new AppError("forbidden", `Your role (${user.role}) is not allowed to do this.`);
  return user;
}
