// Transactional outbox: the publish job is written in the same transaction as the content change it publishes.
import type { Prisma } from "../generated/prisma/client";
import { PUBLISH_CHANNEL } from "./publish-wakeup";

export type TDocumentType = "liveblog";

export async function enqueuePublish(tx: Prisma.TransactionClient, job: { documentType: TDocumentType; documentId: string; version: number; force?: boolean }) {
  // One statement: the job row and the wake-up notification (delivered on commit).
  await tx.$executeRaw`
    WITH job AS (
      INSERT INTO publish_jobs (document_type, document_id, version, force)
      VALUES (${job.documentType}, ${job.documentId}, ${job.version}, ${job.force ?? false})
      RETURNING id
    )
    SELECT pg_notify(${PUBLISH_CHANNEL}, '') FROM job`;
}
