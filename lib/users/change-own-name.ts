// A signed-in user changes their display name (shown as the author of their entries); applied directly, audited.
import { db, type Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { ZChangeOwnNameSchema } from "./schemas";

export async function changeOwnName(options: { userId: string; input: unknown }, database: Db = db()): Promise<{ name: string }> {
  const { name } = ZChangeOwnNameSchema.parse(options.input);
  return database.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: options.userId }, select: { name: true } });
    if (!before) throw new AppError("not_found", "Your account no longer exists.");
    await tx.user.update({ where: { id: options.userId }, data: { name } });
    await recordAudit(tx, { actorId: options.userId, action: "user.rename", subjectType: "user", subjectId: options.userId, details: { from: before.name, to: name } });
    return { name };
  });
}
