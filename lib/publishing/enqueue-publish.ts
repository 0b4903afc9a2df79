// Transactional outbox: the publish job is written in the same transaction as the content change it publishes.
import type { Prisma } from "../generated/prisma/client";
import { notifyPublishJob } from "./publish-wakeup";

export type TDocumentType = "liveblog";

export async function enqueuePublish(tx: Prisma.TransactionClient, job: { documentType: TDocumentType; documentId: string; version: number; force?: boolean }) {
  await tx.publishJob.create({ data: job });
  await notifyPublishJob(tx);
}
