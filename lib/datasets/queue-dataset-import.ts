// The apply side of dataset.import and dataset.delete, inside the command's transaction: small writes only (the
// import's row, the dataset's version, the publish job). The CSV itself is read later by the publish worker.
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { DATASET_KIND } from "./constants";
import type { TDatasetImportOptions } from "./schemas";

export async function queueDatasetImportInTx(
  tx: Prisma.TransactionClient,
  options: { actorId: string; datasetId: string; importId: string; stagingId: string; importOptions: TDatasetImportOptions },
): Promise<{ version: number }> {
  const { actorId, importId, stagingId, importOptions } = options;
  // The request chose an id for a new name; a dataset created meanwhile under that name keeps its own.
  await tx.$executeRaw`INSERT INTO datasets (id, name, created_by_id) VALUES (${options.datasetId}::uuid, ${importOptions.name}, ${actorId}::uuid) ON CONFLICT (name) DO NOTHING`;
  const [dataset] = await tx.$queryRaw<{ id: string; status: string }[]>`SELECT id::text, status::text FROM datasets WHERE name = ${importOptions.name} FOR UPDATE`;
  if (!dataset) throw new AppError("not_found", `The dataset ${importOptions.name} is gone.`);
  if (dataset.status === "deleting") throw new AppError("conflict", `The dataset ${importOptions.name} is being deleted; import again once it is gone.`, { name: "Being deleted." });
  const reused = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM dataset_imports WHERE staging_id = ${stagingId}::uuid LIMIT 1`;
  if (reused.length > 0) throw new AppError("conflict", "That upload was imported already; upload the file again.", { stagingId: "Already imported." });
  await tx.$executeRaw`
    INSERT INTO dataset_imports (id, dataset_id, staging_id, options, requested_by_id)
    VALUES (${importId}::uuid, ${dataset.id}::uuid, ${stagingId}::uuid, ${JSON.stringify(importOptions)}::jsonb, ${actorId}::uuid)`;
  const [bumped] = await tx.$queryRaw<{ version: number }[]>`UPDATE datasets SET version = version + 1 WHERE id = ${dataset.id}::uuid RETURNING version`;
  const version = bumped!.version;
  await enqueuePublish(tx, { documentType: DATASET_KIND, documentId: dataset.id, version });
  await recordAudit(tx, { actorId, action: "dataset.import", subjectType: DATASET_KIND, subjectId: dataset.id, details: { name: importOptions.name, importId } });
  return { version };
}

export async function queueDatasetDeleteInTx(tx: Prisma.TransactionClient, options: { actorId: string; name: string }): Promise<{ version: number }> {
  const [dataset] = await tx.$queryRaw<{ id: string; version: number }[]>`
    UPDATE datasets SET status = 'deleting', version = version + 1 WHERE name = ${options.name} RETURNING id::text, version`;
  if (!dataset) throw new AppError("not_found", `There is no dataset named ${options.name}.`, { name: "No such dataset." });
  // Imports not yet run will not run.
  await tx.$executeRaw`UPDATE dataset_imports SET status = 'failed', error = 'The dataset was deleted.', finished_at = now() WHERE dataset_id = ${dataset.id}::uuid AND status IN ('queued', 'parsing')`;
  await enqueuePublish(tx, { documentType: DATASET_KIND, documentId: dataset.id, version: dataset.version });
  await recordAudit(tx, { actorId: options.actorId, action: "dataset.delete", subjectType: DATASET_KIND, subjectId: dataset.id, details: { name: options.name } });
  return { version: dataset.version };
}
