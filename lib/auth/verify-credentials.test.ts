import { describe, expect, it } from "vitest";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { listLoginAlerts } from "./list-login-alerts";
import { accountDelayMs, ADDRESS_MAX_FAILURES, ALERT_FAILURES, LOGIN_FAILURES_ACTION, MAX_DELAY_MS, MAX_FAILURES } from "./login-throttle";
import { verifyCredentials } from "./verify-credentials";

const PASSWORD = "correct horse battery";
const uniqueIp = () => `203.0.113.${Math.floor(Math.random() * 250)}-${uniqueSuffix()}`;

/** Records the throttle's delays instead of sleeping through them. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

function attempt(email: string, password: string, ip: string, sleep = recordingSleep().sleep) {
  return verifyCredentials(testDb(), { email, password, ip }, { sleep });
}

describe("verifyCredentials (real Postgres)", () => {
  it("signs in with the right password and records the login in the audit log", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    const outcome = await verifyCredentials(testDb(), { email: user.email.toUpperCase(), password: PASSWORD, ip: uniqueIp() });
    expect(outcome).toMatchObject({ ok: true, user: { id: user.id, role: "editor", sessionVersion: 0 } });
    expect(await testDb().auditLog.count({ where: { actorId: user.id, action: "session.login" } })).toBe(1);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    const wrongPassword = await attempt(user.email, "nope", uniqueIp());
    const unknownEmail = await attempt(`ghost-${uniqueSuffix()}@example.com`, "nope", uniqueIp());
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it("refuses a disabled user even with the right password", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD, disabled: true });
    expect(await attempt(user.email, PASSWORD, uniqueIp())).toEqual({ ok: false, reason: "invalid" });
  });

  it(`lets the right password in from a new address after ${MAX_FAILURES} failures from other addresses, only slower`, async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    for (let failure = 0; failure < MAX_FAILURES; failure++) expect(await attempt(user.email, "wrong", uniqueIp())).toEqual({ ok: false, reason: "invalid" });
    const { delays, sleep } = recordingSleep();
    expect(await attempt(user.email, PASSWORD, uniqueIp(), sleep)).toMatchObject({ ok: true, user: { id: user.id } });
    expect(delays).toEqual([accountDelayMs(MAX_FAILURES)]);
    expect(delays[0]).toBeGreaterThan(0);
  });

  it(`pauses one address for one account after ${MAX_FAILURES} failures, not the account and not the address`, async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    const other = await createTestUser({ role: "editor", password: PASSWORD });
    const guesser = uniqueIp();
    for (let failure = 0; failure < MAX_FAILURES; failure++) await attempt(user.email, "wrong", guesser);
    const paused = await attempt(user.email, PASSWORD, guesser);
    expect(paused).toMatchObject({ ok: false, reason: "rate_limited" });
    if (!paused.ok && paused.reason === "rate_limited") expect(paused.retryAfterMs).toBeGreaterThan(14 * 60 * 1000);
    expect(await attempt(user.email, PASSWORD, uniqueIp())).toMatchObject({ ok: true });
    expect(await attempt(other.email, PASSWORD, guesser)).toMatchObject({ ok: true });
  });

  it(`pauses an address after ${ADDRESS_MAX_FAILURES} failures across accounts`, async () => {
    const ip = uniqueIp();
    await testDb().loginAttempt.createMany({ data: Array.from({ length: ADDRESS_MAX_FAILURES }, () => ({ email: `guess-${uniqueSuffix()}@example.com`, ip, succeeded: false })) });
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    expect(await attempt(user.email, PASSWORD, ip)).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await attempt(user.email, PASSWORD, uniqueIp())).toMatchObject({ ok: true });
  });

  it("slows an account's answers as its failures grow, up to a cap, and never refuses", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map(accountDelayMs)).toEqual([0, 0, 0, 500, 1000, 2000, 4000, 8000, MAX_DELAY_MS, MAX_DELAY_MS]);
  });

  it(`tells admins once when an account reaches ${ALERT_FAILURES} failures, even from parallel guesses`, async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    await Promise.all(Array.from({ length: ALERT_FAILURES + 2 }, () => attempt(user.email, "wrong", uniqueIp())));
    const alerts = await testDb().auditLog.findMany({ where: { action: LOGIN_FAILURES_ACTION, subjectId: user.id } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.details).toMatchObject({ email: user.email, failures: expect.any(Number), addresses: expect.any(Number) });
    expect((alerts[0]!.details as { failures: number }).failures).toBeGreaterThanOrEqual(ALERT_FAILURES);
    expect(await listLoginAlerts(testDb())).toContainEqual(expect.objectContaining({ userId: user.id, email: user.email }));
  });

  it("forgets failures older than 15 minutes", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    const ip = uniqueIp();
    const longAgo = new Date(Date.now() - 16 * 60 * 1000);
    await testDb().loginAttempt.createMany({ data: Array.from({ length: ADDRESS_MAX_FAILURES }, () => ({ email: user.email, ip, succeeded: false, createdAt: longAgo })) });
    const { delays, sleep } = recordingSleep();
    expect(await attempt(user.email, PASSWORD, ip, sleep)).toMatchObject({ ok: true });
    expect(delays).toEqual([]);
  });
});
