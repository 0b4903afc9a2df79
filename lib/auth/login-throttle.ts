// Login rate limit: 5 failures in 15 minutes for an account or an IP refuses further attempts (kept in Postgres,
// so it holds across instances and restarts).
import type { Db } from "../db";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export type TThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export async function checkLoginAllowed(database: Db, input: { email: string; ip: string; now?: Date }): Promise<TThrottleVerdict> {
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([
    database.loginAttempt.findMany({
      where: { email: input.email, succeeded: false, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: MAX_FAILURES,
      select: { createdAt: true },
    }),
    database.loginAttempt.findMany({
      where: { ip: input.ip, succeeded: false, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: MAX_FAILURES,
      select: { createdAt: true },
    }),
  ]);
  const blocking = [byEmail, byIp].filter((failures) => failures.length >= MAX_FAILURES);
  if (blocking.length === 0) return { allowed: true };
  // The block lifts when the oldest of the last five failures leaves the window.
  const unblockAt = Math.max(...blocking.map((failures) => failures[MAX_FAILURES - 1]!.createdAt.getTime() + WINDOW_MS));
  return { allowed: false, retryAfterMs: Math.max(0, unblockAt - now.getTime()) };
}

export async function recordLoginAttempt(database: Db, input: { email: string; ip: string; succeeded: boolean }): Promise<void> {
  await database.loginAttempt.create({ data: input });
}
