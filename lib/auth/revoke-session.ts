// Ends one session at once (sign-out): its id is kept on revoked_sessions until its token could have expired, and
// session-user.ts refuses it on the next request. A token from before session ids existed ends all of its user's
// sessions instead.
import { db, type Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { endAllSessionsIn } from "./end-all-sessions";
import { rememberRevokedSession, rememberSessionVersion, SESSION_MAX_AGE_SECONDS, type TSessionClaims } from "./session-user";

export async function revokeSession(options: { claims: TSessionClaims }, database: Db = db()): Promise<void> {
  const { id: userId, sessionId } = options.claims;
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  // Remembered first: if the database is down, this process still refuses the token (see session-user.ts).
  if (sessionId) rememberRevokedSession(sessionId, expiresAt.getTime());
  if (!sessionId) {
    const sessionVersion = await database.$transaction((tx) => endAllSessionsIn(tx, { userId, actorId: userId }));
    return rememberSessionVersion(userId, sessionVersion);
  }
  await database.$transaction(async (tx) => {
    await tx.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await tx.revokedSession.createMany({ data: [{ sessionId, userId, expiresAt }], skipDuplicates: true });
    await recordAudit(tx, { actorId: userId, action: "session.logout", subjectType: "session", subjectId: userId });
  });
}
