// The feed kind's identity, object key and limits.
export const FEED_KIND = "feed";
/** Dataset and feed names (the contract's names): also the published key, so fixed once a feed exists. */
export const FEED_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const MIN_TIMEOUT_SECONDS = 1;
export const MAX_TIMEOUT_SECONDS = 60;
export const MIN_MAX_BYTES = 1024;
export const MAX_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_TIMEOUT_SECONDS = 10;
/** A schedule may not run a feed more often than this (a vendor is not to be hammered). */
export const MIN_SCHEDULE_GAP_MS = 60_000;
export const MAX_SECRET_HEADERS = 20;
export const MAX_MAPPING_FIELDS = 100;
/** Run history kept per feed. */
export const FEED_RUNS_KEPT = 100;

/** `feeds/<name>.json`: the last good copy (short cache). */
export function feedObjectKey(name: string): string {
  return `feeds/${name}.json`;
}
