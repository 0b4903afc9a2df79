// Who is asking: the session's user, re-read from the database on every request so that disabling a user or
// changing their role takes effect at once.
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { decode } from "next-auth/jwt";
import { readEnv } from "../env";
import type { Role } from "../generated/prisma/enums";
import { z } from "zod";
import { hotPool } from "../db/hot-pool";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { auth } from "./auth";
import { can, type Permission } from "./permissions";
import type { TSessionUser } from "./verify-credentials";

export type TCurrentUser = TSessionUser & {
  /** True while the database is unreachable: identity and role come from the signed session token. */
  degraded: boolean;
};

const ZTokenRoleSchema = z.enum(["admin", "editor", "contributor", "viewer"]);

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

type TSessionClaims = { id: string; email?: string | null; name?: string | null; role?: unknown };

// Decrypting a session token costs milliseconds; the same token always decrypts to the same claims until it expires.
const claimsByToken = new Map<string, { claims: TSessionClaims | null; expiresAtMs: number }>();
const MAX_CACHED_TOKENS = 5_000;

async function decodeSessionToken(name: string, value: string, secret: string): Promise<TSessionClaims | null> {
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

/** Decrypts the session cookie directly (a few ms cheaper than next-auth's `auth()` on every request); falls back
 * to `auth()` for anything unusual, such as a cookie split into chunks. */
async function readSessionClaims(): Promise<TSessionClaims | null> {
  const secret = readEnv().AUTH_SECRET;
  const jar = await cookies();
  for (const name of SESSION_COOKIES) {
    const value = jar.get(name)?.value;
    if (!value || !secret) continue;
    return decodeSessionToken(name, value, secret);
  }
  const session = await auth();
  const user = session?.user;
  return user?.id ? { id: user.id, email: user.email, name: user.name, role: (user as { role?: unknown }).role } : null;
}

export async function getCurrentUser(): Promise<TCurrentUser | null> {
  const session = await readSessionClaims();
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

/** For server actions and route handlers: throws AppError(unauthenticated | forbidden). */
export async function authorizeOrThrow(permission: Permission): Promise<TCurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  if (!can(user.role, permission)) throw new AppError("forbidden", `Your role (${user.role}) is not allowed to do this.`);
  return user;
}

/** For pages: redirects to the login page, or to the dashboard with a notice when the role is not enough. */
export async function requirePageUser(permission: Permission): Promise<TCurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (!can(user.role, permission)) redirect(`/admin?denied=${encodeURIComponent(permission)}`);
  return user;
}
