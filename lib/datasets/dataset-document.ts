// The dataset as a published document kind: the snapshot is the dataset's row (its rows are read in batches by the
// incremental publish, never all at once); publishing runs queued imports and uploads what changed (publish-dataset.ts).
import type { Db } from "../db";
import { defineDocument } from "../publishing/define-document";
import { DATASET_KIND } from "./constants";
import { publishDataset, type TDatasetSnapshot } from "./publish-dataset";

async function loadDatasetSnapshot(database: Db, id: string): Promise<TDatasetSnapshot | null> {
  const [row] = await database.$queryRaw<TDatasetSnapshot[]>`SELECT id::text, name, version FROM datasets WHERE id = ${id}::uuid`;
  return row ?? null;
}

export const datasetDocument = defineDocument<TDatasetSnapshot>({
  kind: DATASET_KIND,
  loadSnapshot: (database, id) => loadDatasetSnapshot(database, id),
  render: () => {
    throw new Error("A dataset publishes incrementally (publishIncrementally); it has no one-plan render.");
  },
  publishIncrementally: (context) => publishDataset(context),
  recordPublished: async (tx, { documentId, version, publishedAt }) => {
    await tx.$executeRaw`
      UPDATE datasets SET published_version = greatest(coalesce(published_version, 0), ${version}::int), published_at = ${publishedAt}, status = 'published'
      WHERE id = ${documentId}::uuid AND status <> 'deleting'`;
    await tx.$executeRaw`
      UPDATE dataset_imports SET status = 'published', finished_at = now() WHERE dataset_id = ${documentId}::uuid AND status = 'publishing'`;
  },
  // Nothing public: a dataset whose every import was refused, or one deleted (its objects are gone: its rows go now).
  recordWithdrawn: async (tx, { documentId }) => {
    await tx.$executeRaw`DELETE FROM dataset_import_rows WHERE import_id IN (SELECT id FROM dataset_imports WHERE dataset_id = ${documentId}::uuid) AND EXISTS (SELECT 1 FROM datasets WHERE id = ${documentId}::uuid AND status = 'deleting')`;
    await tx.$executeRaw`DELETE FROM dataset_keys WHERE dataset_id = ${documentId}::uuid AND EXISTS (SELECT 1 FROM datasets WHERE id = ${documentId}::uuid AND status = 'deleting')`;
    await tx.$executeRaw`DELETE FROM dataset_shards WHERE dataset_id = ${documentId}::uuid AND EXISTS (SELECT 1 FROM datasets WHERE id = ${documentId}::uuid AND status = 'deleting')`;
    await tx.$executeRaw`DELETE FROM dataset_imports WHERE dataset_id = ${documentId}::uuid AND EXISTS (SELECT 1 FROM datasets WHERE id = ${documentId}::uuid AND status = 'deleting')`;
    await tx.$executeRaw`DELETE FROM datasets WHERE id = ${documentId}::uuid AND status = 'deleting'`;
  },
  // A manifest without the key files it described restores nothing: a dataset goes back by importing the older CSV.
  renderRollback: () => {
    throw new Error("A dataset is rolled back by importing the earlier CSV again.");
  },
  bumpVersion: async (tx, id) => {
    const [row] = await tx.$queryRaw<{ version: number }[]>`UPDATE datasets SET version = version + 1 WHERE id = ${id}::uuid RETURNING version`;
    return row?.version ?? null;
  },
});
