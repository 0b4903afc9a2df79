// The seam between Ballast and wherever published objects live (a folder, S3, ...).

export type TPublishObject = {
  /** Key relative to the target's root, e.g. `liveblogs/election-night/latest.json`. */
  key: string;
  body: Buffer | string;
  contentType: string;
  cacheControl: string;
};

export type TStoredObject = { body: Buffer; modifiedAt: Date };

export interface Publisher {
  readonly description: string;
  /** Writes the whole object or nothing: a reader never sees a partial body. */
  put(object: TPublishObject): Promise<void>;
  get(key: string): Promise<TStoredObject | null>;
  /** Removes the object; deleting one that is not there succeeds (deletes are retried and resumed). */
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (relative keys, sorted); `prefix` is a key prefix such as `datasets/zip-codes/`. Both
   * targets implement it; it is optional only so that recording test doubles need not. */
  list?(prefix: string): Promise<string[]>;
}

/** Keys are relative, slash-separated, without `..` or empty segments. */
export function assertSafeKey(key: string): void {
  const segments = key.split("/");
  if (key.startsWith("/") || segments.some((segment) => segment === "" || segment === "." || segment === "..") || key.includes("\\") || key.includes("\0")) {
    throw new Error(`Unsafe object key: ${JSON.stringify(key)}`);
  }
}
