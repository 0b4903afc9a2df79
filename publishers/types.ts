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
  delete(key: string): Promise<void>;
}

/** Keys are relative, slash-separated, without `..` or empty segments. */
export function assertSafeKey(key: string): void {
  const segments = key.split("/");
  if (key.startsWith("/") || segments.some((segment) => segment === "" || segment === "." || segment === "..") || key.includes("\\") || key.includes("\0")) {
    throw new Error(`Unsafe object key: ${JSON.stringify(key)}`);
  }
}
