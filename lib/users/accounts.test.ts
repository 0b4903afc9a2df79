// Accounts on a real Postgres: the must-change flag for passwords someone else chose, changing one's own password and
// name, and one-time reset links (hash stored, an hour, single use, sessions ended, throttled), emailed through a real
// local SMTP server (smtp-server) when SMTP_URL is set.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { verifyPassword } from "../auth/password";
import { assertAllowed, userForClaims, type TSessionClaims } from "../auth/session-user";
import { AppError } from "../errors";
import { sendEmail } from "../email/send-email";
import { changeOwnName } from "./change-own-name";
import { changeOwnPassword } from "./change-own-password";
import { consumePasswordReset, findUsableReset } from "./consume-password-reset";
import { createUser } from "./create-user";
import { ensureFirstAdmin } from "./ensure-first-admin";
import { issuePasswordReset } from "./issue-password-reset";
import { hashResetToken } from "./password-reset-token";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });
const mail: { to: string[]; body: string }[] = [];
let smtp: SMTPServer;
let smtpUrl = "";

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mail.push({ to: session.envelope.rcptTo.map((address) => address.address), body: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await pool.end();
});

const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
const claimsOf = (user: { id: string; email: string }, sessionVersion = 0): TSessionClaims => ({ id: user.id, email: user.email, role: "editor", sessionId: randomUUID(), sessionVersion, signedInAtMs: Date.now() });

describe("passwords someone else chose", () => {
  it("an admin-created user must change their password; nothing else is allowed until then", async () => {
    const admin = await createTestUser({ role: "admin" });
    const { user } = await createUser({ actorId: admin.id, input: { email: `fresh-${uniqueSuffix()}@example.com`, name: "Fresh", role: "editor", password: "handed-over-password-1" } }, testDb());
    const current = await userForClaims(claimsOf(user), pool);
    expect(current).toMatchObject({ id: user.id, mustChangePassword: true });
    expect(() => assertAllowed(current, "liveblog:read")).toThrow(/Choose your own password first/);
  });

  it("the first admin's generated password must be changed; one given in ADMIN_PASSWORD is the operator's own", async () => {
    // A database with no admin: the fresh suite database has some, so count on a throwaway transaction's view instead.
    const database = testDb();
    const admins = await database.user.findMany({ where: { role: "admin" }, select: { id: true } });
    await database.user.updateMany({ where: { id: { in: admins.map((admin) => admin.id) } }, data: { role: "viewer" } });
    try {
      const generated = await ensureFirstAdmin(database, { email: `first-${uniqueSuffix()}@example.com` });
      expect(generated).toMatchObject({ created: true, password: expect.any(String) });
      const generatedRow = await database.user.findUniqueOrThrow({ where: { email: (generated as { email: string }).email } });
      expect(generatedRow.mustChangePassword).toBe(true);
      await database.user.update({ where: { id: generatedRow.id }, data: { role: "viewer" } });
      await expect(ensureFirstAdmin(database, { email: `common-${uniqueSuffix()}@example.com`, password: "qwerty123456" })).rejects.toThrow(/ADMIN_PASSWORD is not acceptable: .*commonly used/);
      const chosen = await ensureFirstAdmin(database, { email: `chosen-${uniqueSuffix()}@example.com`, password: "e2e-admin-password-123" });
      const chosenRow = await database.user.findUniqueOrThrow({ where: { email: (chosen as { email: string }).email } });
      expect(chosenRow.mustChangePassword).toBe(false);
      await database.user.update({ where: { id: chosenRow.id }, data: { role: "viewer" } });
    } finally {
      await database.user.updateMany({ where: { id: { in: admins.map((admin) => admin.id) } }, data: { role: "admin" } });
    }
  });

  it("refuses a common or short password for a new user, naming the field", async () => {
    const admin = await createTestUser({ role: "admin" });
    for (const password of ["password1234", "short-one"]) {
      const error = await createUser({ actorId: admin.id, input: { email: `weak-${uniqueSuffix()}@example.com`, name: "Weak", role: "viewer", password } }, testDb()).catch((caught: unknown) => caught);
      expect(JSON.stringify(error)).toMatch(/password/);
      expect(JSON.stringify(error)).toMatch(/commonly used|at least 12/);
    }
  });
});

describe("changing your own password and name", () => {
  it("needs the current password, ends every other session, clears the must-change flag and audits", async () => {
    const user = await createTestUser({ role: "editor", password: "the-old-password-1" });
    await testDb().user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    const [laptop, phone] = [claimsOf(user), claimsOf(user)];
    await expect(changeOwnPassword({ userId: user.id, ip: ip(), input: { currentPassword: "not-it-at-all-1", newPassword: "a-brand-new-password", confirmPassword: "a-brand-new-password" } }, testDb())).rejects.toMatchObject({ fieldErrors: { currentPassword: expect.stringMatching(/not right/) } });
    await expect(changeOwnPassword({ userId: user.id, ip: ip(), input: { currentPassword: "the-old-password-1", newPassword: "the-old-password-1", confirmPassword: "the-old-password-1" } }, testDb())).rejects.toThrow(/different from the current one/);
    await expect(changeOwnPassword({ userId: user.id, ip: ip(), input: { currentPassword: "the-old-password-1", newPassword: "1qaz2wsx3edc", confirmPassword: "1qaz2wsx3edc" } }, testDb())).rejects.toThrow(/commonly used/);
    await expect(changeOwnPassword({ userId: user.id, ip: ip(), input: { currentPassword: "the-old-password-1", newPassword: "a-brand-new-password", confirmPassword: "a-typo-new-password" } }, testDb())).rejects.toThrow(/differ/);

    const { sessionVersion } = await changeOwnPassword({ userId: user.id, ip: ip(), input: { currentPassword: "the-old-password-1", newPassword: "a-brand-new-password", confirmPassword: "a-brand-new-password" } }, testDb());
    const row = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("a-brand-new-password", row.passwordHash)).toBe(true);
    expect(row.mustChangePassword).toBe(false);
    expect(await userForClaims(laptop, pool)).toBeNull();
    expect(await userForClaims(phone, pool)).toBeNull();
    expect(await userForClaims(claimsOf(user, sessionVersion), pool)).toMatchObject({ id: user.id, mustChangePassword: false });
    expect(await testDb().auditLog.count({ where: { action: "user.password-change", subjectId: user.id } })).toBe(1);
  });

  it("throttles guesses of the current password like sign-ins", async () => {
    const user = await createTestUser({ role: "editor", password: "the-old-password-1" });
    const from = ip();
    const wrong = () => changeOwnPassword({ userId: user.id, ip: from, input: { currentPassword: "guess-guess-guess", newPassword: "a-brand-new-password", confirmPassword: "a-brand-new-password" } }, testDb());
    for (let attempt = 0; attempt < 5; attempt++) await expect(wrong()).rejects.toThrow(/not right/);
    await expect(wrong()).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("changes the display name, with an audit row", async () => {
    const user = await createTestUser({ role: "viewer" });
    await changeOwnName({ userId: user.id, input: { name: "  Ada Lovelace " } }, testDb());
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Ada Lovelace");
    await expect(changeOwnName({ userId: user.id, input: { name: "" } }, testDb())).rejects.toThrow(/Name is required/);
    expect(await testDb().auditLog.count({ where: { action: "user.rename", subjectId: user.id } })).toBe(1);
  });
});

describe("password-reset links", () => {
  const base = "https://admin.example.com";
  const tokenOf = (link: string) => link.split("/").at(-1)!;

  it("works once, within the hour: sets the password, ends every session, clears must-change; then it is refused", async () => {
    const admin = await createTestUser({ role: "admin" });
    const user = await createTestUser({ role: "editor" });
    await testDb().user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    const session = claimsOf(user);
    const issued = await issuePasswordReset({ actorId: admin.id, input: { userId: user.id }, baseUrl: base, emailEnabled: false }, testDb());
    expect(issued.link).toMatch(/^https:\/\/admin\.example\.com\/reset-password\/[A-Za-z0-9_-]{43}$/);
    expect(issued.emailed).toBe(false);
    const token = tokenOf(issued.link);
    const stored = await testDb().passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).toBe(hashResetToken(token));
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(60 * 60 * 1000);

    // A refused password does not spend the link.
    await expect(consumePasswordReset({ input: { token, newPassword: "short", confirmPassword: "short" }, ip: ip() }, testDb())).rejects.toThrow(/at least 12/);
    expect(await findUsableReset({ token }, testDb())).toMatchObject({ email: user.email });
    await consumePasswordReset({ input: { token, newPassword: "reset-to-this-one", confirmPassword: "reset-to-this-one" }, ip: ip() }, testDb());
    const row = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("reset-to-this-one", row.passwordHash)).toBe(true);
    expect(row.mustChangePassword).toBe(false);
    expect(await userForClaims(session, pool)).toBeNull();
    const again = await consumePasswordReset({ input: { token, newPassword: "another-new-one-99", confirmPassword: "another-new-one-99" }, ip: ip() }, testDb()).catch((caught: unknown) => caught);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).message).toMatch(/invalid, was already used or has expired/);
    expect(await findUsableReset({ token }, testDb())).toBeNull();
    expect(await testDb().auditLog.count({ where: { subjectId: user.id, action: { in: ["user.password-reset-issued", "user.password-reset-used"] } } })).toBe(2);
  });

  it("is used once even when two requests race for it", async () => {
    const admin = await createTestUser({ role: "admin" });
    const user = await createTestUser({ role: "editor" });
    const token = tokenOf((await issuePasswordReset({ actorId: admin.id, input: { userId: user.id }, baseUrl: base, emailEnabled: false }, testDb())).link);
    const outcomes = await Promise.allSettled(["racing-password-one", "racing-password-two"].map((password) => consumePasswordReset({ input: { token, newPassword: password, confirmPassword: password }, ip: ip() }, testDb())));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  });

  it("expires after an hour, and a newer link cancels the older one", async () => {
    const admin = await createTestUser({ role: "admin" });
    const user = await createTestUser({ role: "editor" });
    const old = tokenOf((await issuePasswordReset({ actorId: admin.id, input: { userId: user.id }, baseUrl: base, emailEnabled: false, now: new Date(Date.now() - 61 * 60 * 1000) }, testDb())).link);
    await expect(consumePasswordReset({ input: { token: old, newPassword: "too-late-password", confirmPassword: "too-late-password" }, ip: ip() }, testDb())).rejects.toThrow(/expired/);
    const first = tokenOf((await issuePasswordReset({ actorId: admin.id, input: { userId: user.id }, baseUrl: base, emailEnabled: false }, testDb())).link);
    const second = tokenOf((await issuePasswordReset({ actorId: admin.id, input: { userId: user.id }, baseUrl: base, emailEnabled: false }, testDb())).link);
    await expect(consumePasswordReset({ input: { token: first, newPassword: "first-link-password", confirmPassword: "first-link-password" }, ip: ip() }, testDb())).rejects.toThrow(/already used/);
    await consumePasswordReset({ input: { token: second, newPassword: "second-link-password", confirmPassword: "second-link-password" }, ip: ip() }, testDb());
  });

  it("throttles guessed links per address like sign-ins", async () => {
    const from = ip();
    const guess = () => consumePasswordReset({ input: { token: "A".repeat(43), newPassword: "guessing-password-1", confirmPassword: "guessing-password-1" }, ip: from }, testDb());
    for (let attempt = 0; attempt < 5; attempt++) await expect(guess()).rejects.toThrow(/invalid/);
    await expect(guess()).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("is emailed to the user through the SMTP server when one is configured", async () => {
    const admin = await createTestUser({ role: "admin" });
    const user = await createTestUser({ role: "editor" });
    const issued = await issuePasswordReset({ actorId: admin.id, input: { userId: user.id }, baseUrl: base, emailEnabled: true, send: (message) => sendEmail(message, { smtpUrl, from: "Ballast <ballast@example.com>" }) }, testDb());
    expect(issued).toMatchObject({ emailed: true, emailError: null });
    const message = mail.find((item) => item.to.includes(user.email));
    // Quoted-printable wraps long lines with a soft break ("=" at the end of a line).
    expect(message?.body.replace(/=\r?\n/g, "")).toContain(issued.link);
    expect(message?.body).toMatch(/Subject: Choose a new Ballast password/);
  });

  it("still shows the link when the SMTP server cannot be reached", async () => {
    const admin = await createTestUser({ role: "admin" });
    const user = await createTestUser({ role: "editor" });
    const issued = await issuePasswordReset({ actorId: admin.id, input: { userId: user.id }, baseUrl: base, emailEnabled: true, send: (message) => sendEmail(message, { smtpUrl: "smtp://127.0.0.1:1" }) }, testDb());
    expect(issued.emailed).toBe(false);
    expect(issued.emailError).toMatch(/ECONNREFUSED|connect/i);
    expect(issued.link).toMatch(/reset-password/);
  });
});
