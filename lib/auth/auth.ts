// next-auth wiring: a credentials provider backed by verifyCredentials, JWT sessions carrying the user id, the role
// at sign-in, the session's id and the user's session version (session-user.ts checks both on every request).
import { randomUUID } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "../db";
import { readEnv } from "../env";
import { logger } from "../logger";
import { clientIpFrom } from "./client-ip";
import { revokeSession } from "./revoke-session";
import { ZLoginSchema } from "./schemas";
import { claimsFromToken, SESSION_MAX_AGE_SECONDS, sessionOutlived } from "./session-user";
import { verifyCredentials } from "./verify-credentials";

export class LoginRateLimited extends CredentialsSignin {
  override code = "rate_limited";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: readEnv().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = ZLoginSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const outcome = await verifyCredentials(db(), { ...parsed.data, ip: clientIpFrom(request.headers) });
        if (outcome.ok) return outcome.user;
        if (outcome.reason === "rate_limited") {
          const error = new LoginRateLimited();
          error.code = `rate_limited:${Math.ceil(outcome.retryAfterMs / 60_000)}`;
          throw error;
        }
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // next-auth re-issues the cookie with a fresh expiry on every session read: the sign-in time caps its life.
      if (!user?.id && sessionOutlived(typeof token.at === "number" ? token.at * 1000 : null)) return null;
      if (user?.id) {
        token.at = Math.floor(Date.now() / 1000);
        token.sub = user.id;
        // The role at sign-in, used only while the database is unreachable (commands are re-checked when applied).
        if ("role" in user) token.role = user.role;
        // A session id fixed for the token's life (next-auth renews `jti` whenever it re-issues the cookie).
        token.sid = randomUUID();
        token.sv = "sessionVersion" in user ? user.sessionVersion : 0;
        // Only for degraded mode: with the database up, every request reads the flag itself.
        token.mcp = "mustChangePassword" in user && user.mustChangePassword === true;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      const claims = claimsFromToken(token);
      Object.assign(session.user, { role: claims.role, sessionId: claims.sessionId, sessionVersion: claims.sessionVersion });
      return session;
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.sub) return;
      // The cookie is cleared whatever happens here; a failure is logged, and this process still refuses the token.
      await revokeSession({ claims: claimsFromToken(token) }).catch((error: unknown) => logger.warn({ err: error }, "could not record a sign-out in the database"));
    },
  },
}));
