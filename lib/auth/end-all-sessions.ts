// "Sign out everywhere": raising the user's session version ends every session token issued before, on every
// instance, at the next request (session-user.ts compares the version on every request).
import { db, type Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { rememberSessionVersion } from "./session-user";

/** Inside a transaction: raises the version and records who did it; returns the new version. */
export async function endAllSessionsIn(tx: Prisma.TransactionClient, options: { userId: string; actorId: string }): Promise<number> {
  const { sessionVersion } = await tx.user.update({ where: { id: options.userId }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
  await recordAudit(tx, { actorId: options.actorId, action: "session.logout-everywhere", subjectType: "user", subjectId: options.userId, details: { sessionVersion } });
  return sessionVersion;
}

export async function endAllSessions(options: { userId: string; actorId: string }, database: Db = db()): Promise<void> {
  const sessionVersion = await database.$transaction((tx) => endAllSessionsIn(tx, options));
  rememberSessionVersion(options.userId, sessionVersion);
}
