// Login rate limits that slow guessing without letting anyone lock a user out (kept in Postgres, so they hold across
// instances and restarts). Within a 15-minute window:
// - 5 failures for one account from one address pause that pair (the guesser), not the account;
// - 20 failures from one address, across accounts, pause the address (an office behind one NAT fits under it);
// - every failure for an account beyond the first few, from any address, slows its next answers (0.5 s doubling to
//   10 s), the right password included: a slower sign-in, never a refused one;
// - the 10th failure for an existing account tells admins (an audit row, shown on the admin pages).
import type { Db } from "../db";
import { recordAudit } from "../audit/record-audit";

/** Failures per account and address; API tokens use the same limit per address. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
export const ADDRESS_MAX_FAILURES = 20;
export const ALERT_FAILURES = 10;
const DELAY_FREE_FAILURES = 3;
const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;

export type TThrottleVerdict =
  | { allowed: true; delayMs: number; accountFailures: number }
  | { allowed: false; retryAfterMs: number };

/** How long to wait before answering an attempt on an account with this many recent failures. */
export function accountDelayMs(accountFailures: number): number {
  if (accountFailures < DELAY_FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (accountFailures - DELAY_FREE_FAILURES));
}

export async function checkLoginAllowed(database: Db, input: { email: string; ip: string; now?: Date }): Promise<TThrottleVerdict> {
  const now = input.now ?? new Date();
  const recent = { succeeded: false, createdAt: { gt: new Date(now.getTime() - WINDOW_MS) } };
  const newest = (where: object, take: number) => database.loginAttempt.findMany({ where: { ...recent, ...where }, orderBy: { createdAt: "desc" }, take, select: { createdAt: true } });
  const [byPair, byAddress, accountFailures] = await Promise.all([
    newest({ email: input.email, ip: input.ip }, MAX_FAILURES),
    newest({ ip: input.ip }, ADDRESS_MAX_FAILURES),
    database.loginAttempt.count({ where: { ...recent, email: input.email } }),
  ]);
  // A pause lifts when the oldest of the failures that caused it leaves the window.
  const unblockAt = [
    { failures: byPair, limit: MAX_FAILURES },
    { failures: byAddress, limit: ADDRESS_MAX_FAILURES },
  ]
    .filter(({ failures, limit }) => failures.length >= limit)
    .map(({ failures, limit }) => failures[limit - 1]!.createdAt.getTime() + WINDOW_MS);
  if (unblockAt.length > 0) return { allowed: false, retryAfterMs: Math.max(0, Math.max(...unblockAt) - now.getTime()) };
  return { allowed: true, delayMs: accountDelayMs(accountFailures), accountFailures };
}

export async function recordLoginAttempt(database: Db, input: { email: string; ip: string; succeeded: boolean }): Promise<void> {
  await database.loginAttempt.create({ data: input });
}

export const LOGIN_FAILURES_ACTION = "session.login-failures";

/** After a failure for an existing account: once it has ALERT_FAILURES in the window, one audit row per window tells
 * admins (counted after the attempt is recorded, so a burst of parallel guesses cannot slip past the threshold). */
export async function alertOnRepeatedFailures(database: Db, input: { userId: string; email: string; ip: string; now?: Date }): Promise<void> {
  const since = new Date((input.now ?? new Date()).getTime() - WINDOW_MS);
  const failed = { email: input.email, succeeded: false, createdAt: { gt: since } };
  const failures = await database.loginAttempt.count({ where: failed });
  if (failures < ALERT_FAILURES) return;
  await database.$transaction(async (tx) => {
    // One alert per account and window, however many guesses arrive at once.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${LOGIN_FAILURES_ACTION}:${input.userId}`}))`;
    const alerted = await tx.auditLog.count({ where: { action: LOGIN_FAILURES_ACTION, subjectType: "user", subjectId: input.userId, createdAt: { gt: since } } });
    if (alerted > 0) return;
    const addresses = (await tx.loginAttempt.groupBy({ by: ["ip"], where: failed })).length;
    const details = { email: input.email, failures, addresses, windowMinutes: WINDOW_MS / 60_000, lastIp: input.ip };
    await recordAudit(tx, { actorId: null, action: LOGIN_FAILURES_ACTION, subjectType: "user", subjectId: input.userId, details });
  });
}
