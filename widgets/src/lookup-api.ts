// The public shape of window.Ballast.lookup (the entry's stub and the lookup file's real function).

/** A dataset row's values, e.g. `{ city: "Columbus", state: "OH" }`. */
export type TLookupValues = Record<string, string>;

/**
 * `Ballast.lookup(name, key)`: the values published for `key` in dataset `name`, or null when the key is unknown.
 * Rejects for a bad name or key (a `/` or `..` in it), a dataset with no manifest, or a network failure.
 */
export type TLookup = ((name: string, key: string) => Promise<TLookupValues | null>) & { version?: string; init?: (form: Element) => void };
