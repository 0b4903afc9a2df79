// Pure helpers of the lookup file (contract: datasets/<name>/manifest.json, key files and shard files): reading the
// manifest's `key` and `layout`, normalising what the reader typed, and the one URL that answers a key.

export type TDatasetManifest = {
  key: { case: "none" | "upper" | "lower"; padWidth: number | null };
  layout: { type: "key" } | { type: "shard"; prefixLength: number };
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isWidth = (value: unknown): value is number => typeof value === "number" && value > 0 && value % 1 === 0;

/** Dataset names as the backend accepts them. */
export const isDatasetName = (name: unknown): name is string => typeof name === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(name);

/** What the widget needs of a dataset's manifest; throws when `json` is not a manifest it understands. */
export function readManifest(json: unknown): TDatasetManifest {
  if (!isObject(json) || json.schema !== 1 || !isObject(json.key) || !isObject(json.layout)) throw Error("bad dataset");
  const { key, layout } = json;
  const rules: TDatasetManifest["key"] = { case: key.case === "upper" || key.case === "lower" ? key.case : "none", padWidth: isWidth(key.padWidth) ? key.padWidth : null };
  if (layout.type === "key") return { key: rules, layout: { type: "key" } };
  if (layout.type === "shard" && isWidth(layout.prefixLength)) return { key: rules, layout: { type: "shard", prefixLength: layout.prefixLength } };
  throw Error("bad dataset");
}

/** The key as the dataset stores it: trimmed, cased, zero-padded on the left to the manifest's width. */
export function normalizeKey(raw: unknown, key: TDatasetManifest["key"]): string {
  let value = String(raw == null ? "" : raw).trim();
  if (key.case === "upper") value = value.toUpperCase();
  if (key.case === "lower") value = value.toLowerCase();
  while (key.padWidth && value && value.length < key.padWidth) value = `0${value}`;
  return value;
}

/**
 * The file that answers `key` (already normalised), relative to the dataset's folder: `<key>.json`, or
 * `shards/<prefix>.json` for a sharded dataset; null for an empty key. Throws for a key with `/` or `..` in it.
 */
export function keyPath(key: string, layout: TDatasetManifest["layout"]): string | null {
  if (key.indexOf("/") >= 0 || key.indexOf("..") >= 0) throw Error("bad lookup key");
  if (!key) return null;
  return layout.type === "key" ? `${encodeURIComponent(key)}.json` : `shards/${encodeURIComponent(key.slice(0, layout.prefixLength))}.json`;
}

/** The values of `key` in a fetched key file or shard file, or null when the file does not hold that key. */
export function readValues(json: unknown, key: string, layout: TDatasetManifest["layout"]): Record<string, string> | null {
  const row = layout.type === "key" ? (isObject(json) && (json.key === undefined || json.key === key) ? json.values : null) : isObject(json) && Object.prototype.hasOwnProperty.call(json, key) ? json[key] : null;
  if (!isObject(row)) return null;
  const values: Record<string, string> = {};
  for (const column of Object.keys(row)) {
    const value = row[column];
    if (typeof value === "string" || typeof value === "number") values[column] = String(value);
  }
  return values;
}
