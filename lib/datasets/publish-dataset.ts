// The dataset kind's incremental publish (the document's `publishIncrementally`), run by the publish worker under the
// dataset's lease: first any queued import (parsed here, in the worker, never in a command's transaction), then the
// key files (or shard files) whose content differs from what is out, 16 at a time, each batch of 1,000 recorded as
// published in its own short statement (a restart uploads only what is left), then the manifest, last, and only
// after it the deletion of files it no longer names. A deleted dataset goes the other way: manifest first, then
// every file, then its rows.
import pLimit from "p-limit";
import type { Publisher } from "../../publishers/types";
import type { Db } from "../db";
import type { TIncrementalPublish, TIncrementalPublishContext } from "../publishing/define-document";
import { putObject } from "../publishing/put-object";
import { HASH_TREE_BUCKETS, manifestContent, renderDatasetKeyFile, renderDatasetManifest, renderDatasetShard, sha256Hex, type TDatasetLayout } from "../render/render-dataset";
import { datasetPrefix, keyFileKeyOf, manifestKeyOf, PUBLISH_BATCH_FILES, PUBLISH_PARALLELISM, shardKeyOf, shardPrefixOf } from "./constants";
import {
  countCurrentKeys,
  countKeysToUpload,
  dropUnpublishedRemovedKeys,
  forgetDeletedKeyFiles,
  forgetShards,
  hashTreeBuckets,
  keysOfShards,
  listShardPrefixes,
  markKeysPublished,
  markShardsPublished,
  nextKeyFilesToDelete,
  nextKeysToUpload,
  nextShardFilesToDelete,
  publishedShardHashes,
} from "./dataset-key-rows";
import { runDatasetImport, type TImportRow } from "./run-dataset-import";
import { stagingStoreFor, type StagingStore } from "./staging-store";

export type TDatasetSnapshot = { version: number; id: string; name: string };

type TDatasetRow = {
  id: string;
  name: string;
  status: "empty" | "importing" | "published" | "failed" | "deleting";
  keyColumn: string | null;
  columns: string[];
  keyCase: "none" | "upper" | "lower";
  padWidth: number | null;
  shardPrefixLength: number | null;
  publishedManifest: string | null;
};

async function loadDatasetRow(database: Db, id: string): Promise<TDatasetRow | null> {
  const [row] = await database.$queryRaw<TDatasetRow[]>`
    SELECT id::text, name, status::text, key_column AS "keyColumn", columns, key_case::text AS "keyCase", pad_width AS "padWidth",
      shard_prefix_length AS "shardPrefixLength", published_manifest AS "publishedManifest"
    FROM datasets WHERE id = ${id}::uuid`;
  return row ?? null;
}

/** Which import's progress a publish reports (the accepted one being published), if any. */
async function progressImportId(database: Db, datasetId: string): Promise<string | null> {
  const [row] = await database.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM dataset_imports WHERE dataset_id = ${datasetId}::uuid AND status = 'publishing' ORDER BY created_at DESC LIMIT 1`;
  return row?.id ?? null;
}

function progress(database: Db, importId: string | null) {
  return {
    total: async (files: number) => {
      if (importId) await database.$executeRaw`UPDATE dataset_imports SET files_total = ${files}, files_uploaded = 0, files_deleted = 0 WHERE id = ${importId}::uuid`;
    },
    uploaded: async (files: number) => {
      if (importId) await database.$executeRaw`UPDATE dataset_imports SET files_uploaded = files_uploaded + ${files} WHERE id = ${importId}::uuid`;
    },
    deleted: async (files: number) => {
      if (importId) await database.$executeRaw`UPDATE dataset_imports SET files_deleted = files_deleted + ${files} WHERE id = ${importId}::uuid`;
    },
  };
}

/** Runs the dataset's queued imports in order (each decides its own report; an accepted one replaces the rows). */
async function runQueuedImports(database: Db, datasetId: string, staging: StagingStore, assertLease: () => void): Promise<void> {
  for (;;) {
    const [next] = await database.$queryRaw<TImportRow[]>`
      SELECT id::text, dataset_id::text AS "datasetId", staging_id::text AS "stagingId", options, requested_by_id::text AS "requestedById"
      FROM dataset_imports WHERE dataset_id = ${datasetId}::uuid AND status IN ('queued', 'parsing') ORDER BY created_at, id LIMIT 1`;
    if (!next) return;
    assertLease();
    await runDatasetImport(database, { importRow: next, staging });
  }
}

async function deleteAll(publisher: Publisher, keys: string[]): Promise<void> {
  const limit = pLimit(PUBLISH_PARALLELISM);
  await Promise.all(keys.map((key) => limit(() => publisher.delete(key))));
}

/** Deletes, after the manifest, every file of the dataset the manifest does not name; returns how many. */
async function deleteUnnamedFiles(database: Db, dataset: TDatasetRow, layout: TDatasetLayout | null, publisher: Publisher, assertLease: () => void): Promise<number> {
  let deleted = 0;
  for (;;) {
    const keys = await nextKeyFilesToDelete(database, dataset.id, { everyKey: layout?.type !== "key", limit: PUBLISH_BATCH_FILES });
    if (keys.length === 0) break;
    assertLease();
    await deleteAll(publisher, keys.map((key) => keyFileKeyOf(dataset.name, key)));
    await forgetDeletedKeyFiles(database, dataset.id, keys);
    deleted += keys.length;
  }
  await dropUnpublishedRemovedKeys(database, dataset.id);
  for (;;) {
    const prefixes = await nextShardFilesToDelete(database, dataset.id, { prefixLength: layout?.type === "shard" ? layout.prefixLength : null, limit: PUBLISH_BATCH_FILES });
    if (prefixes.length === 0) break;
    assertLease();
    await deleteAll(publisher, prefixes.map((prefix) => shardKeyOf(dataset.name, prefix)));
    await forgetShards(database, dataset.id, prefixes);
    deleted += prefixes.length;
  }
  return deleted;
}

async function uploadKeyFiles(context: TIncrementalPublishContext<TDatasetSnapshot>, dataset: TDatasetRow, report: ReturnType<typeof progress>): Promise<{ files: number; bytes: number }> {
  const { database, publisher, full } = context;
  const limit = pLimit(PUBLISH_PARALLELISM);
  let files = 0;
  let bytes = 0;
  let stopped = false;
  // Every upload task, so that a failure waits for the ones in flight before the publish (and its lease) ends.
  const tasks = new Set<Promise<unknown>>();
  const uploadBatch = async (batch: Awaited<ReturnType<typeof nextKeysToUpload>>): Promise<void> => {
    try {
      const uploaded = await Promise.all(
        batch.map((row) => {
          const task = limit(async () => {
            if (stopped) throw new Error("the dataset publish stopped");
            context.assertLease();
            const body = renderDatasetKeyFile(row.key, dataset.columns, row.values);
            bytes += await putObject(publisher, keyFileKeyOf(dataset.name, row.key), body);
            return { key: row.key, hash: sha256Hex(body) };
          });
          tasks.add(task);
          void task.finally(() => tasks.delete(task)).catch(() => undefined);
          return task;
        }),
      );
      context.assertLease();
      await markKeysPublished(database, dataset.id, uploaded);
      await report.uploaded(uploaded.length);
      files += uploaded.length;
    } catch (error) {
      stopped = true;
      throw error;
    }
  };
  // The next batch is read and queued while the current one uploads, so the uploads in flight never drain at a
  // batch's end; at most two batches are held, and each is recorded once all its files are out.
  let previous: Promise<void> = Promise.resolve();
  let current: Promise<void> = Promise.resolve();
  try {
    let afterKey: string | null = null;
    for (;;) {
      const batch = await nextKeysToUpload(database, dataset.id, { afterKey, limit: PUBLISH_BATCH_FILES, full });
      if (batch.length === 0) break;
      context.assertLease();
      afterKey = batch[batch.length - 1]!.key;
      current = uploadBatch(batch);
      current.catch(() => undefined); // awaited below, one round later
      await previous;
      previous = current;
    }
    await previous;
  } catch (error) {
    stopped = true;
    await Promise.allSettled([previous, current, ...tasks]);
    throw error;
  }
  return { files, bytes };
}

async function uploadShardFiles(context: TIncrementalPublishContext<TDatasetSnapshot>, dataset: TDatasetRow, prefixLength: number, report: ReturnType<typeof progress>): Promise<{ files: number; bytes: number }> {
  const { database, publisher, full } = context;
  const limit = pLimit(PUBLISH_PARALLELISM);
  const prefixes = await listShardPrefixes(database, dataset.id, prefixLength);
  let files = 0;
  let bytes = 0;
  // Chunks of whole shards of about a batch of keys each.
  for (let start = 0; start < prefixes.length; ) {
    const chunk: string[] = [];
    let keys = 0;
    while (start < prefixes.length && (chunk.length === 0 || keys + prefixes[start]!.keys <= PUBLISH_BATCH_FILES)) {
      chunk.push(prefixes[start]!.prefix);
      keys += prefixes[start]!.keys;
      start++;
    }
    context.assertLease();
    const [rows, published] = await Promise.all([keysOfShards(database, dataset.id, prefixLength, chunk), publishedShardHashes(database, dataset.id, chunk)]);
    const byPrefix = new Map<string, typeof rows>();
    for (const row of rows) {
      const prefix = shardPrefixOf(row.key, prefixLength);
      const list = byPrefix.get(prefix) ?? [];
      list.push(row);
      byPrefix.set(prefix, list);
    }
    const uploaded = (
      await Promise.all(
        [...byPrefix].map(([prefix, shardRows]) =>
          limit(async () => {
            const body = renderDatasetShard(dataset.columns, shardRows);
            const hash = sha256Hex(body);
            if (!full && published.get(prefix) === hash) return null;
            bytes += await putObject(publisher, shardKeyOf(dataset.name, prefix), body);
            return { prefix, hash };
          }),
        ),
      )
    ).filter((row): row is { prefix: string; hash: string } => row !== null);
    if (uploaded.length > 0) {
      await markShardsPublished(database, dataset.id, uploaded);
      await report.uploaded(uploaded.length);
    }
    files += uploaded.length;
  }
  return { files, bytes };
}

async function renderManifest(database: Db, dataset: TDatasetRow, layout: TDatasetLayout, snapshot: TDatasetSnapshot, publishedAt: Date): Promise<string> {
  const [buckets, keyCount] = await Promise.all([hashTreeBuckets(database, dataset.id), countCurrentKeys(database, dataset.id)]);
  const empty = sha256Hex("");
  const bucketHashes = Array.from({ length: HASH_TREE_BUCKETS }, (_, index) => buckets.get(index) ?? empty);
  return renderDatasetManifest({
    version: snapshot.version,
    publishedAt: publishedAt.toISOString(),
    name: dataset.name,
    keyCount,
    columns: dataset.columns,
    key: { column: dataset.keyColumn ?? "", case: dataset.keyCase, padWidth: dataset.padWidth },
    layout,
    hashTree: { algorithm: "sha256", leaf: "key-file-body", root: sha256Hex(bucketHashes.join("\n")), buckets: bucketHashes },
  });
}

/** A dataset being deleted: the manifest goes first (readers stop looking), then every file, tracked or listed. */
async function deleteDataset(context: TIncrementalPublishContext<TDatasetSnapshot>, dataset: TDatasetRow): Promise<TIncrementalPublish> {
  const { database, publisher } = context;
  await context.beforeHead();
  await publisher.delete(manifestKeyOf(dataset.name));
  await database.$executeRaw`UPDATE datasets SET published_manifest = NULL WHERE id = ${dataset.id}::uuid`;
  await database.$executeRaw`UPDATE dataset_keys SET removed = TRUE WHERE dataset_id = ${dataset.id}::uuid`;
  let deleted = 1 + (await deleteUnnamedFiles(database, dataset, null, publisher, context.assertLease));
  // Files uploaded by a publish that crashed before recording them are found by listing the dataset's folder.
  const stray = ((await publisher.list?.(datasetPrefix(dataset.name))) ?? []).filter((key) => key.endsWith(".json"));
  await deleteAll(publisher, stray);
  deleted += stray.length;
  return { head: null, headUploaded: false, uploadedFiles: 0, deletedFiles: deleted, bytes: 0 };
}

export async function publishDataset(context: TIncrementalPublishContext<TDatasetSnapshot>, staging: StagingStore = stagingStoreFor(context.publisher)): Promise<TIncrementalPublish> {
  const { database, publisher, snapshot } = context;
  let dataset = await loadDatasetRow(database, snapshot.id);
  if (!dataset) return { head: null, headUploaded: false, uploadedFiles: 0, deletedFiles: 0, bytes: 0 };
  if (dataset.status === "deleting") return deleteDataset(context, dataset);
  await runQueuedImports(database, dataset.id, staging, context.assertLease);
  dataset = (await loadDatasetRow(database, snapshot.id))!;
  if (dataset.status === "deleting") return deleteDataset(context, dataset);
  // No import was ever accepted: nothing to publish yet.
  if (dataset.keyColumn === null) return { head: null, headUploaded: false, uploadedFiles: 0, deletedFiles: 0, bytes: 0 };

  const layout: TDatasetLayout = dataset.shardPrefixLength === null ? { type: "key" } : { type: "shard", prefixLength: dataset.shardPrefixLength };
  const report = progress(database, await progressImportId(database, dataset.id));
  const uploaded =
    layout.type === "key"
      ? (await report.total(await countKeysToUpload(database, dataset.id, context.full)), await uploadKeyFiles(context, dataset, report))
      : (await report.total(0), await uploadShardFiles(context, dataset, layout.prefixLength, report));

  const manifestKey = manifestKeyOf(dataset.name);
  const manifest = await renderManifest(database, dataset, layout, snapshot, context.publishedAt);
  const unchanged = !context.full && dataset.publishedManifest !== null && manifestContent(dataset.publishedManifest) === manifestContent(manifest);
  let bytes = uploaded.bytes;
  if (!unchanged) {
    context.assertLease();
    await context.beforeHead();
    bytes += await putObject(publisher, manifestKey, manifest);
    await database.$executeRaw`UPDATE datasets SET published_manifest = ${manifest} WHERE id = ${dataset.id}::uuid`;
  }
  // Only now, with the new manifest out, may files it no longer names go.
  const deleted = await deleteUnnamedFiles(database, dataset, layout, publisher, context.assertLease);
  await report.deleted(deleted);
  return { head: { key: manifestKey, body: unchanged ? dataset.publishedManifest! : manifest }, headUploaded: !unchanged, uploadedFiles: uploaded.files, deletedFiles: deleted, bytes };
}
