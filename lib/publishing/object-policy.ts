// Content-Type and Cache-Control per published key (DESIGN.md "Published object layout"); used for uploads and /cdn.

const HEAD_MAX_AGE_SECONDS = 2;
const HEAD_STALE_WHILE_REVALIDATE_SECONDS = 30;

export const SHORT_CACHE = `public, max-age=${HEAD_MAX_AGE_SECONDS}, stale-while-revalidate=${HEAD_STALE_WHILE_REVALIDATE_SECONDS}, stale-if-error=86400`;

/** How long a reader (or a CDN) may still use a head it fetched: an object that head names must stay this long after
 * a newer head stops naming it. (stale-if-error is left out: it applies only while the origin fails.) */
export const SUPERSEDED_GRACE_MS = (HEAD_MAX_AGE_SECONDS + HEAD_STALE_WHILE_REVALIDATE_SECONDS) * 1000;
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";
export const MEDIUM_CACHE = "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400";

const CONTENT_TYPES: Record<string, string> = {
  json: "application/json; charset=utf-8",
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

export function contentTypeForKey(key: string): string {
  const extension = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

// Content-hashed names (`pages/3.ab12cd34.json`, `media/<sha256>.png`, `ballast.<hash>.js`) never change.
const IMMUTABLE_KEY = /(^|\/)(pages\/\d+\.[0-9a-f]{8,}\.json|media\/[0-9a-f]{64}\.\w+|widgets\/ballast(-banners|-lookup|-questions)?\.[0-9a-f]{8,}\.js)$/;

export function cacheControlForKey(key: string): string {
  if (IMMUTABLE_KEY.test(key)) return IMMUTABLE_CACHE;
  // A dataset's key and shard files: a key's value can change on re-import (the manifest stays short).
  if (/(^|\/)datasets\/[^/]+\/(?!manifest\.json$)(shards\/)?[^/]+\.json$/.test(key)) return MEDIUM_CACHE;
  return SHORT_CACHE;
}
