// Appends one audit row; always called inside the transaction that makes the change it describes.
import type { Prisma } from "../generated/prisma/client";

export type TAuditInput = {
  actorId: string | null;
  action: string;
  subjectType: "user" | "liveblog" | "entry" | "session";
  subjectId: string;
  details?: Prisma.InputJsonValue;
};

export async function recordAudit(tx: Prisma.TransactionClient, input: TAuditInput): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: input.actorId,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      details: input.details ?? {},
    },
  });
}
