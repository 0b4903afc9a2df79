// The statements over a dataset's rows (`dataset_import_rows`, `dataset_keys`, `dataset_shards`), in one place. Bulk
// writes go through unnest() of arrays, a batch per statement; each statement is its own short transaction unless
// the caller passes one.
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { TParsedRow } from "./parse-dataset-csv";

type TSql = Db | Prisma.TransactionClient;

export async function insertImportRows(database: TSql, importId: string, rows: TParsedRow[]): Promise<void> {
  await database.$executeRaw`
    INSERT INTO dataset_import_rows (import_id, line, key, values, content_hash)
    SELECT ${importId}::uuid, r.line, r.key, r.values::jsonb, r.hash
    FROM unnest(${rows.map((row) => row.line)}::int[], ${rows.map((row) => row.key)}::text[], ${rows.map((row) => JSON.stringify(row.values))}::text[],
      ${rows.map((row) => row.contentHash)}::text[]) AS r(line, key, values, hash)`;
}

export async function clearImportRows(database: TSql, importId: string): Promise<void> {
  await database.$executeRaw`DELETE FROM dataset_import_rows WHERE import_id = ${importId}::uuid`;
}

/** Keys that appear on more than one line: up to `limit` of them with all their lines, and how many rows they span. */
export async function findDuplicateKeys(database: TSql, importId: string, limit: number): Promise<{ groups: { key: string; lines: number[] }[]; rows: number }> {
  const groups = await database.$queryRaw<{ key: string; lines: number[] }[]>`
    SELECT key, array_agg(line ORDER BY line) AS lines FROM dataset_import_rows WHERE import_id = ${importId}::uuid
    GROUP BY key HAVING count(*) > 1 ORDER BY min(line) LIMIT ${limit}`;
  const [total] = await database.$queryRaw<{ rows: number }[]>`
    SELECT coalesce(sum(n), 0)::int AS rows FROM (SELECT count(*) AS n FROM dataset_import_rows WHERE import_id = ${importId}::uuid GROUP BY key HAVING count(*) > 1) d`;
  return { groups, rows: total?.rows ?? 0 };
}

/** skipBadRows: keeps the first line of a repeated key and drops the others; returns how many it dropped. */
export async function dropRepeatedKeys(tx: TSql, importId: string): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM dataset_import_rows r USING (
      SELECT key, min(line) AS first FROM dataset_import_rows WHERE import_id = ${importId}::uuid GROUP BY key HAVING count(*) > 1) d
    WHERE r.import_id = ${importId}::uuid AND r.key = d.key AND r.line > d.first`;
}

/** Replaces the dataset's rows with the import's, in the caller's transaction: a key whose content is the same keeps
 * its row (and its published hash, so it is not uploaded again); a key gone from the file is marked removed while
 * its file is out (deleted after the next manifest), or dropped when it never was. */
export async function replaceDatasetKeys(tx: TSql, datasetId: string, importId: string): Promise<{ keyCount: number }> {
  await tx.$executeRaw`
    DELETE FROM dataset_keys k WHERE k.dataset_id = ${datasetId}::uuid AND k.published_hash IS NULL
      AND NOT EXISTS (SELECT 1 FROM dataset_import_rows r WHERE r.import_id = ${importId}::uuid AND r.key = k.key)`;
  await tx.$executeRaw`
    UPDATE dataset_keys k SET removed = TRUE WHERE k.dataset_id = ${datasetId}::uuid AND NOT k.removed
      AND NOT EXISTS (SELECT 1 FROM dataset_import_rows r WHERE r.import_id = ${importId}::uuid AND r.key = k.key)`;
  await tx.$executeRaw`
    INSERT INTO dataset_keys (dataset_id, key, values, content_hash, removed)
    SELECT ${datasetId}::uuid, r.key, r.values, r.content_hash, FALSE FROM dataset_import_rows r WHERE r.import_id = ${importId}::uuid
    ON CONFLICT (dataset_id, key) DO UPDATE SET values = EXCLUDED.values, content_hash = EXCLUDED.content_hash, removed = FALSE
    WHERE dataset_keys.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR dataset_keys.removed`;
  const [row] = await tx.$queryRaw<{ keyCount: number }[]>`SELECT count(*)::int AS "keyCount" FROM dataset_import_rows WHERE import_id = ${importId}::uuid`;
  return { keyCount: row?.keyCount ?? 0 };
}

export type TKeyRow = { key: string; values: string[]; contentHash: string };

/** The next batch of keys to upload after `afterKey` (key order): those whose content differs from what is out
 * (or every current key, for a republish). */
export async function nextKeysToUpload(database: TSql, datasetId: string, options: { afterKey: string | null; limit: number; full: boolean }): Promise<TKeyRow[]> {
  return database.$queryRaw<TKeyRow[]>`
    SELECT key, values, content_hash AS "contentHash" FROM dataset_keys
    WHERE dataset_id = ${datasetId}::uuid AND NOT removed AND (${options.full} OR published_hash IS DISTINCT FROM content_hash)
      AND (${options.afterKey}::text IS NULL OR key > ${options.afterKey}::text)
    ORDER BY key LIMIT ${options.limit}`;
}

export async function countKeysToUpload(database: TSql, datasetId: string, full: boolean): Promise<number> {
  const [row] = await database.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM dataset_keys WHERE dataset_id = ${datasetId}::uuid AND NOT removed AND (${full} OR published_hash IS DISTINCT FROM content_hash)`;
  return row?.n ?? 0;
}

/** Records a batch of uploaded key files (one short statement: the progress a restart resumes from). */
export async function markKeysPublished(database: TSql, datasetId: string, uploaded: { key: string; hash: string | null }[]): Promise<void> {
  await database.$executeRaw`
    UPDATE dataset_keys k SET published_hash = u.hash FROM unnest(${uploaded.map((row) => row.key)}::text[], ${uploaded.map((row) => row.hash)}::text[]) AS u(key, hash)
    WHERE k.dataset_id = ${datasetId}::uuid AND k.key = u.key`;
}

/** Key files out on the target that the current publish does not name: removed keys, or (in the sharded layout)
 * every key file. */
export async function nextKeyFilesToDelete(database: TSql, datasetId: string, options: { everyKey: boolean; limit: number }): Promise<string[]> {
  const rows = await database.$queryRaw<{ key: string }[]>`
    SELECT key FROM dataset_keys WHERE dataset_id = ${datasetId}::uuid AND published_hash IS NOT NULL AND (removed OR ${options.everyKey})
    ORDER BY key LIMIT ${options.limit}`;
  return rows.map((row) => row.key);
}

/** After their files are deleted: removed rows go, current ones are marked as not out. */
export async function forgetDeletedKeyFiles(database: TSql, datasetId: string, keys: string[]): Promise<void> {
  await database.$executeRaw`DELETE FROM dataset_keys WHERE dataset_id = ${datasetId}::uuid AND key = ANY(${keys}::text[]) AND removed`;
  await database.$executeRaw`UPDATE dataset_keys SET published_hash = NULL WHERE dataset_id = ${datasetId}::uuid AND key = ANY(${keys}::text[])`;
}

/** Removed rows whose file was never out (nothing to delete on the target). */
export async function dropUnpublishedRemovedKeys(database: TSql, datasetId: string): Promise<void> {
  await database.$executeRaw`DELETE FROM dataset_keys WHERE dataset_id = ${datasetId}::uuid AND removed AND published_hash IS NULL`;
}

/** The sharded layout: each key prefix with its number of keys, in "C" (byte) order. */
export async function listShardPrefixes(database: TSql, datasetId: string, prefixLength: number): Promise<{ prefix: string; keys: number }[]> {
  return database.$queryRaw`
    SELECT prefix, count(*)::int AS keys
    FROM (SELECT left(key, ${prefixLength}::int) AS prefix FROM dataset_keys WHERE dataset_id = ${datasetId}::uuid AND NOT removed) k
    GROUP BY prefix ORDER BY prefix COLLATE "C"`;
}

export async function keysOfShards(database: TSql, datasetId: string, prefixLength: number, prefixes: string[]): Promise<TKeyRow[]> {
  return database.$queryRaw<TKeyRow[]>`
    SELECT key, values, content_hash AS "contentHash" FROM dataset_keys
    WHERE dataset_id = ${datasetId}::uuid AND NOT removed AND left(key, ${prefixLength}::int) = ANY(${prefixes}::text[])
    ORDER BY key COLLATE "C"`;
}

export async function publishedShardHashes(database: TSql, datasetId: string, prefixes: string[]): Promise<Map<string, string>> {
  const rows = await database.$queryRaw<{ prefix: string; hash: string }[]>`
    SELECT prefix, published_hash AS hash FROM dataset_shards WHERE dataset_id = ${datasetId}::uuid AND prefix = ANY(${prefixes}::text[])`;
  return new Map(rows.map((row) => [row.prefix, row.hash]));
}

export async function markShardsPublished(database: TSql, datasetId: string, uploaded: { prefix: string; hash: string }[]): Promise<void> {
  await database.$executeRaw`
    INSERT INTO dataset_shards (dataset_id, prefix, published_hash)
    SELECT ${datasetId}::uuid, u.prefix, u.hash FROM unnest(${uploaded.map((row) => row.prefix)}::text[], ${uploaded.map((row) => row.hash)}::text[]) AS u(prefix, hash)
    ON CONFLICT (dataset_id, prefix) DO UPDATE SET published_hash = EXCLUDED.published_hash`;
}

/** Shard files out on the target that the current publish does not name (`keep`: the current prefixes; null: none). */
export async function nextShardFilesToDelete(database: TSql, datasetId: string, options: { prefixLength: number | null; limit: number }): Promise<string[]> {
  const rows = await database.$queryRaw<{ prefix: string }[]>`
    SELECT s.prefix FROM dataset_shards s WHERE s.dataset_id = ${datasetId}::uuid
      AND (${options.prefixLength}::int IS NULL OR NOT EXISTS (
        SELECT 1 FROM dataset_keys k WHERE k.dataset_id = s.dataset_id AND NOT k.removed AND left(k.key, ${options.prefixLength}::int) = s.prefix AND length(s.prefix) = least(length(k.key), ${options.prefixLength}::int)))
    ORDER BY s.prefix LIMIT ${options.limit}`;
  return rows.map((row) => row.prefix);
}

export async function forgetShards(database: TSql, datasetId: string, prefixes: string[]): Promise<void> {
  await database.$executeRaw`DELETE FROM dataset_shards WHERE dataset_id = ${datasetId}::uuid AND prefix = ANY(${prefixes}::text[])`;
}

/** The manifest's hash tree buckets, computed in Postgres (16 buckets by the first hex digit of sha-256(key)). */
export async function hashTreeBuckets(database: TSql, datasetId: string): Promise<Map<number, string>> {
  const rows = await database.$queryRaw<{ bucket: number; hash: string }[]>`
    SELECT (get_byte(sha256(convert_to(key, 'UTF8')), 0) >> 4)::int AS bucket,
      encode(sha256(convert_to(string_agg(key || E'\\t' || content_hash || E'\\n', '' ORDER BY key COLLATE "C"), 'UTF8')), 'hex') AS hash
    FROM dataset_keys WHERE dataset_id = ${datasetId}::uuid AND NOT removed GROUP BY 1`;
  return new Map(rows.map((row) => [row.bucket, row.hash]));
}

export async function countCurrentKeys(database: TSql, datasetId: string): Promise<number> {
  const [row] = await database.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM dataset_keys WHERE dataset_id = ${datasetId}::uuid AND NOT removed`;
  return row?.n ?? 0;
}
