// Appends one audit row; always called inside the transaction that makes the change it describes.
import type { Prisma } from "../generated/prisma/client";

export type TAuditInput = {
  actorId: string | null;
  action: string;
  subjectType: "user" | "liveblog" | "entry" | "draft" | "media" | "session";
  subjectId: string;
  details?: Prisma.InputJsonValue;
};

// Raw SQL: this runs on every save, and skips the query compiler's per-call cost.
export async function recordAudit(tx: Prisma.TransactionClient, input: TAuditInput): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO audit_log (actor_id, action, subject_type, subject_id, details)
    VALUES (${input.actorId}::uuid, ${input.action}, ${input.subjectType}, ${input.subjectId}, ${JSON.stringify(input.details ?? {})}::jsonb)`;
}
