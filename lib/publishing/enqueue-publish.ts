// Transactional outbox: the publish job is written in the same transaction as the content change it publishes.
// The `publish_jobs` INSERT lives here once; the one-statement entry insert builds its CTE from it.
import { Prisma } from "../generated/prisma/client";
import { PUBLISH_CHANNEL } from "./publish-wakeup";

/** What a job asks a worker to do: publish the newest state (republish: re-upload everything), or roll back. */
export type TPublishAction = "publish" | "republish" | "rollback";

export type TPublishJobValues = { documentKind: Prisma.Sql; documentId: Prisma.Sql; version: Prisma.Sql; action?: TPublishAction; targetVersion?: number | null };

/** The job row(s) and their wake-up notification (delivered on commit): a statement, or a CTE body over `from`. */
export function publishJobInsertSql(values: TPublishJobValues, from?: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO publish_jobs (document_type, document_id, version, action, target_version)
    SELECT ${values.documentKind}, ${values.documentId}, ${values.version}, ${values.action ?? "publish"}::"PublishAction", ${values.targetVersion ?? null}::int
    ${from ? Prisma.sql`FROM ${from}` : Prisma.empty}
    RETURNING pg_notify(${PUBLISH_CHANNEL}, '') IS NULL AS notified`;
}

export async function enqueuePublish(
  tx: Prisma.TransactionClient,
  job: { documentType: string; documentId: string; version: number; force?: boolean; action?: TPublishAction; targetVersion?: number },
) {
  const action = job.action ?? (job.force ? "republish" : "publish");
  await tx.$queryRaw`${publishJobInsertSql({ documentKind: Prisma.sql`${job.documentType}`, documentId: Prisma.sql`${job.documentId}`, version: Prisma.sql`${job.version}::int`, action, targetVersion: job.targetVersion })}`;
}
