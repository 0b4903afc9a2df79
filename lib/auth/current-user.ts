// Who is asking, for Next.js pages, server actions and route handlers: the session cookie read through next/headers.
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { readEnv } from "../env";
import { auth } from "./auth";
import { can, type Permission } from "./permissions";
import { assertAllowed, readSessionClaimsFrom, userForClaims, type TCurrentUser, type TSessionClaims } from "./session-user";

export type { TCurrentUser } from "./session-user";

/** Decrypts the session cookie directly (a few ms cheaper than next-auth's `auth()` on every request); falls back
 * to `auth()` for anything unusual, such as a cookie split into chunks. */
async function readSessionClaims(): Promise<TSessionClaims | null> {
  const jar = await cookies();
  const claims = await readSessionClaimsFrom((name) => jar.get(name)?.value, readEnv().AUTH_SECRET);
  if (claims !== undefined) return claims;
  const session = await auth();
  const user = session?.user as (TSessionClaims & { id?: string }) | undefined;
  return user?.id ? { id: user.id, email: user.email, name: user.name, role: user.role, sessionId: user.sessionId, sessionVersion: user.sessionVersion } : null;
}

export async function getCurrentUser(): Promise<TCurrentUser | null> {
  return userForClaims(await readSessionClaims());
}

/** For server actions and route handlers: throws AppError(unauthenticated | forbidden). */
export async function authorizeOrThrow(permission: Permission): Promise<TCurrentUser> {
  return assertAllowed(await getCurrentUser(), permission);
}

/** For pages: redirects to the login page, or to the dashboard with a notice when the role is not enough. */
export async function requirePageUser(permission: Permission): Promise<TCurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  if (!can(user.role, permission)) redirect(`/admin?denied=${encodeURIComponent(permission)}`);
  return user;
}
