// Test helpers: a client on the suite's migrated database, and users with unique emails.
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { createDb, type Db } from "../../lib/db";
import type { Role } from "../../lib/generated/prisma/enums";
import { hashPassword } from "../../lib/auth/password";

let shared: Db | undefined;

export function testDb(): Db {
  shared ??= createDb(inject("databaseUrl"));
  return shared;
}

export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export async function createTestUser(options: { role: Role; password?: string; disabled?: boolean }) {
  const suffix = uniqueSuffix();
  return testDb().user.create({
    data: {
      email: `${options.role}-${suffix}@example.com`,
      name: `Test ${options.role} ${suffix}`,
      role: options.role,
      disabled: options.disabled ?? false,
      passwordHash: await hashPassword(options.password ?? "correct horse battery"),
    },
  });
}
