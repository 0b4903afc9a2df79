import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { verifyPassword } from "../auth/password";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { createUser } from "./create-user";
import { changeUserRole, setUserDisabled } from "./update-user-access";

describe("user management (real Postgres)", () => {
  it("creates a user with a generated password that works, stored only as a hash, with an audit row", async () => {
    const admin = await createTestUser({ role: "admin" });
    const email = `new-${uniqueSuffix()}@example.com`;
    const { user, generatedPassword } = await createUser({ actorId: admin.id, input: { email: email.toUpperCase(), name: "New", role: "viewer" } }, testDb());
    expect(user.email).toBe(email);
    const stored = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).not.toContain(generatedPassword!);
    expect(await verifyPassword(generatedPassword!, stored.passwordHash)).toBe(true);
    expect(await testDb().auditLog.count({ where: { subjectId: user.id, action: "user.create", actorId: admin.id } })).toBe(1);
  });

  it("rejects a duplicate email and a short password on their fields", async () => {
    const admin = await createTestUser({ role: "admin" });
    const existing = await createTestUser({ role: "viewer" });
    await expect(createUser({ actorId: admin.id, input: { email: existing.email, name: "Dup", role: "viewer" } }, testDb())).rejects.toMatchObject({ fieldErrors: { email: expect.stringMatching(/already exists/) } });
    await expect(createUser({ actorId: admin.id, input: { email: `x-${uniqueSuffix()}@example.com`, name: "Short", role: "viewer", password: "short" } }, testDb())).rejects.toThrow(/at least 12/);
  });

  it("changes a role and disables a user, with audit rows", async () => {
    const admin = await createTestUser({ role: "admin" });
    const target = await createTestUser({ role: "viewer" });
    expect((await changeUserRole({ actorId: admin.id, input: { userId: target.id, role: "editor" } }, testDb())).role).toBe("editor");
    expect((await setUserDisabled({ actorId: admin.id, input: { userId: target.id, disabled: true } }, testDb())).disabled).toBe(true);
    expect(await testDb().auditLog.count({ where: { subjectId: target.id, action: { in: ["user.role", "user.disable"] } } })).toBe(2);
  });

  it("refuses to disable yourself", async () => {
    const admin = await createTestUser({ role: "admin" });
    const error = await setUserDisabled({ actorId: admin.id, input: { userId: admin.id, disabled: true } }, testDb()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((await testDb().user.findUniqueOrThrow({ where: { id: admin.id } })).disabled).toBe(false);
  });
});
