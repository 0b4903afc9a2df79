// Names shared by the dataset kind's commands, document, renderer and admin.

export const DATASET_KIND = "dataset";

/** The admin's upload cap (and the CLI's): a CSV larger than this is refused before it is staged in full. */
export const MAX_DATASET_UPLOAD_BYTES = 100 * 1024 * 1024;

/** Rows per bulk insert while parsing, and key files per progress record while publishing. */
export const IMPORT_BATCH_ROWS = 2_000;
export const PUBLISH_BATCH_FILES = 1_000;

/** Uploads (and deletes) in flight at once while publishing a dataset. */
export const PUBLISH_PARALLELISM = 16;

/** The report keeps this many problems (the counts cover all of them). */
export const MAX_REPORTED_PROBLEMS = 200;

export function datasetPrefix(name: string): string {
  return `datasets/${name}/`;
}

export function manifestKeyOf(name: string): string {
  return `datasets/${name}/manifest.json`;
}

/** One file per key: `datasets/<name>/<key>.json` (the key as normalised; readers URL-encode it). */
export function keyFileKeyOf(name: string, key: string): string {
  return `datasets/${name}/${key}.json`;
}

/** One file per key prefix: `datasets/<name>/shards/<prefix>.json`. */
export function shardKeyOf(name: string, prefix: string): string {
  return `datasets/${name}/shards/${prefix}.json`;
}

/** The shard a key belongs to: its first n characters (the whole key when shorter), as the widget computes it. */
export function shardPrefixOf(key: string, prefixLength: number): string {
  return key.slice(0, prefixLength);
}
