import { describe, expect, it } from "vitest";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { MAX_FAILURES } from "./login-throttle";
import { verifyCredentials } from "./verify-credentials";

const PASSWORD = "correct horse battery";
const uniqueIp = () => `203.0.113.${Math.floor(Math.random() * 250)}-${uniqueSuffix()}`;

describe("verifyCredentials (real Postgres)", () => {
  it("signs in with the right password and records the login in the audit log", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    const outcome = await verifyCredentials(testDb(), { email: user.email.toUpperCase(), password: PASSWORD, ip: uniqueIp() });
    expect(outcome).toMatchObject({ ok: true, user: { id: user.id, role: "editor" } });
    expect(await testDb().auditLog.count({ where: { actorId: user.id, action: "session.login" } })).toBe(1);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    const wrongPassword = await verifyCredentials(testDb(), { email: user.email, password: "nope", ip: uniqueIp() });
    const unknownEmail = await verifyCredentials(testDb(), { email: `ghost-${uniqueSuffix()}@example.com`, password: "nope", ip: uniqueIp() });
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it("refuses a disabled user even with the right password", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD, disabled: true });
    expect(await verifyCredentials(testDb(), { email: user.email, password: PASSWORD, ip: uniqueIp() })).toEqual({ ok: false, reason: "invalid" });
  });

  it(`locks an account after ${MAX_FAILURES} failures, even with the right password and from other addresses`, async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      expect((await verifyCredentials(testDb(), { email: user.email, password: "wrong", ip: uniqueIp() })).ok).toBe(false);
    }
    const locked = await verifyCredentials(testDb(), { email: user.email, password: PASSWORD, ip: uniqueIp() });
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    if (!locked.ok && locked.reason === "rate_limited") expect(locked.retryAfterMs).toBeGreaterThan(14 * 60 * 1000);
  });

  it(`locks an address after ${MAX_FAILURES} failures across different accounts`, async () => {
    const ip = uniqueIp();
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      await verifyCredentials(testDb(), { email: `guess-${uniqueSuffix()}@example.com`, password: "wrong", ip });
    }
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    expect(await verifyCredentials(testDb(), { email: user.email, password: PASSWORD, ip })).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await verifyCredentials(testDb(), { email: user.email, password: PASSWORD, ip: uniqueIp() })).toMatchObject({ ok: true });
  });

  it("forgets failures older than 15 minutes", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    const ip = uniqueIp();
    const longAgo = new Date(Date.now() - 16 * 60 * 1000);
    await testDb().loginAttempt.createMany({ data: Array.from({ length: MAX_FAILURES }, () => ({ email: user.email, ip, succeeded: false, createdAt: longAgo })) });
    expect(await verifyCredentials(testDb(), { email: user.email, password: PASSWORD, ip })).toMatchObject({ ok: true });
  });
});
