// Changes a user's role or disabled flag (admin only), never leaving Ballast without an active admin.
import { db, type Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { ZChangeRoleSchema, ZSetDisabledSchema } from "./schemas";

async function assertAnotherActiveAdmin(tx: Prisma.TransactionClient, userId: string) {
  const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0) throw new AppError("conflict", "Ballast needs at least one active admin; promote someone else first.");
}

export async function changeUserRole(options: { actorId: string; input: unknown }, database: Db = db()) {
  const { userId, role } = ZChangeRoleSchema.parse(options.input);
  return database.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("not_found", "That user no longer exists.");
    if (user.role === "admin" && role !== "admin") await assertAnotherActiveAdmin(tx, userId);
    const updated = await tx.user.update({ where: { id: userId }, data: { role: role as Role } });
    await recordAudit(tx, { actorId: options.actorId, action: "user.role", subjectType: "user", subjectId: userId, details: { from: user.role, to: role } });
    return updated;
  });
}

export async function setUserDisabled(options: { actorId: string; input: unknown }, database: Db = db()) {
  const { userId, disabled } = ZSetDisabledSchema.parse(options.input);
  if (disabled && userId === options.actorId) throw new AppError("conflict", "You cannot disable your own account.");
  return database.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("not_found", "That user no longer exists.");
    if (disabled && user.role === "admin") await assertAnotherActiveAdmin(tx, userId);
    const updated = await tx.user.update({ where: { id: userId }, data: { disabled } });
    await recordAudit(tx, { actorId: options.actorId, action: disabled ? "user.disable" : "user.enable", subjectType: "user", subjectId: userId });
    return updated;
  });
}
