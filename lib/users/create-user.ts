// Creates a user (admin only); the generated password, if any, is returned once and never stored in clear. A password
// someone else chose or generated must be replaced by the user's own at first sign-in (mustChangePassword).
import { db, type Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { generatePassword, hashPassword } from "../auth/password";
import { ZCreateUserSchema } from "./schemas";

export async function createUser(options: { actorId: string | null; input: unknown; mustChangePassword?: boolean }, database: Db = db()) {
  const input = ZCreateUserSchema.parse(options.input);
  const existing = await database.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("conflict", "A user with this email already exists.", { email: "A user with this email already exists." });
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const user = await database.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash, mustChangePassword: options.mustChangePassword ?? true } });
    await recordAudit(tx, { actorId: options.actorId, action: "user.create", subjectType: "user", subjectId: created.id, details: { email: created.email, role: created.role, mustChangePassword: created.mustChangePassword } });
    return created;
  });
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, generatedPassword: input.password ? undefined : password };
}
