import { describe, expect, it } from "vitest";
import { passwordProblem, ZNewPasswordSchema } from "./password-policy";

describe("password policy", () => {
  it("counts code points: 11 emoji are too short, 12 are enough", () => {
    expect(passwordProblem("🔒".repeat(11))).toMatch(/at least 12/);
    expect(passwordProblem("🔒".repeat(12))).toBeNull();
  });

  it("caps the length at 256 code points", () => {
    expect(passwordProblem("a-long-passphrase ".repeat(15))).toMatch(/at most 256/);
    expect(passwordProblem("x".repeat(256))).toBeNull();
  });

  it("refuses passwords from the shipped common list, in any letter case", () => {
    expect(passwordProblem("123456789012")).toMatch(/commonly used/);
    expect(passwordProblem("PasswordPassword")).toMatch(/commonly used/);
    expect(passwordProblem("qwerty123456")).toMatch(/commonly used/);
  });

  it("has no composition rules: a long lower-case passphrase passes, as do the documented e2e and example passwords", () => {
    for (const password of ["correct horse battery", "e2e-admin-password-123", "editor-password-123", "alllowercaseletters"]) expect(passwordProblem(password)).toBeNull();
  });

  it("puts the reason on the field", () => {
    const result = ZNewPasswordSchema.safeParse("short");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/at least 12/);
  });
});
