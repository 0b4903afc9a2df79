// Pure rendering of a dataset's objects: one key file per key (`{"key":..,"values":{..}}`), one shard file per key
// prefix, and the manifest (written last) with the key normalisation and layout a reader needs, and a hash tree over
// every key file's content hash.
import { createHash } from "node:crypto";

export type TDatasetLayout = { type: "key" } | { type: "shard"; prefixLength: number };

export type TDatasetManifest = {
  schema: 1;
  version: number;
  publishedAt: string;
  name: string;
  keyCount: number;
  columns: string[];
  key: { column: string; case: "none" | "upper" | "lower"; padWidth: number | null };
  layout: TDatasetLayout;
  hashTree: THashTree;
};

/** 16 buckets by the first hex digit of sha-256(key); each bucket hashes its "key\tcontentHash\n" lines in key order
 * (UTF-8 byte order, as Postgres's "C" collation sorts); the root hashes the 16 bucket hashes joined by "\n". A changed key changes its bucket and the root. */
export type THashTree = { algorithm: "sha256"; leaf: "key-file-body"; root: string; buckets: string[] };

export const HASH_TREE_BUCKETS = 16;

export function sha256Hex(body: string): string {
  return createHash("sha256").update(body).digest("hex");
}

export function valuesObject(columns: readonly string[], values: readonly string[]): Record<string, string> {
  const object: Record<string, string> = {};
  columns.forEach((column, index) => (object[column] = values[index] ?? ""));
  return object;
}

export function renderDatasetKeyFile(key: string, columns: readonly string[], values: readonly string[]): string {
  return JSON.stringify({ key, values: valuesObject(columns, values) });
}

/** A shard: `{"<key>": {values...}, ...}` for its keys, in the order given (callers pass code-point order). */
export function renderDatasetShard(columns: readonly string[], rows: readonly { key: string; values: readonly string[] }[]): string {
  const shard: Record<string, Record<string, string>> = {};
  for (const row of rows) shard[row.key] = valuesObject(columns, row.values);
  return JSON.stringify(shard);
}

/** The bucket of a key in the hash tree. */
export function hashTreeBucketOf(key: string): number {
  return parseInt(sha256Hex(key)[0]!, 16);
}

/** Builds the hash tree from (key, contentHash) pairs in any order. */
export function buildHashTree(entries: Iterable<{ key: string; contentHash: string }>): THashTree {
  const buckets: { key: string; contentHash: string }[][] = Array.from({ length: HASH_TREE_BUCKETS }, () => []);
  for (const entry of entries) buckets[hashTreeBucketOf(entry.key)]!.push(entry);
  const bucketHashes = buckets.map((bucket) => {
    const hash = createHash("sha256");
    for (const entry of bucket.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)))) hash.update(`${entry.key}\t${entry.contentHash}\n`);
    return hash.digest("hex");
  });
  return { algorithm: "sha256", leaf: "key-file-body", root: sha256Hex(bucketHashes.join("\n")), buckets: bucketHashes };
}

export function renderDatasetManifest(manifest: Omit<TDatasetManifest, "schema">): string {
  const { version, publishedAt, name, keyCount, columns, key, layout, hashTree } = manifest;
  return JSON.stringify({ schema: 1, version, publishedAt, name, keyCount, columns, key, layout, hashTree });
}

/** What a manifest says about the content (everything but version and time): equal means nothing to publish. */
export function manifestContent(body: string): string {
  const content: Partial<TDatasetManifest> = JSON.parse(body) as TDatasetManifest;
  delete content.version;
  delete content.publishedAt;
  return JSON.stringify(content);
}
