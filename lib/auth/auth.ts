// next-auth wiring: a credentials provider backed by verifyCredentials, JWT sessions carrying the user id.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "../db";
import { readEnv } from "../env";
import { ZLoginSchema } from "./schemas";
import { verifyCredentials } from "./verify-credentials";
import { clientIpFrom } from "./client-ip";

export class LoginRateLimited extends CredentialsSignin {
  override code = "rate_limited";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: readEnv().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = ZLoginSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const outcome = await verifyCredentials(db(), { ...parsed.data, ip: clientIpFrom(request.headers) });
        if (outcome.ok) return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, role: outcome.user.role };
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
      if (user?.id) token.sub = user.id;
      // The role at sign-in, used only while the database is unreachable (commands are re-checked when applied).
      if (user && "role" in user) token.role = user.role;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      Object.assign(session.user, { role: token.role });
      return session;
    },
  },
}));
