// Serves a published object the way the CDN would: same body, Content-Type and Cache-Control as the upload.
import { createHash } from "node:crypto";
import { assertSafeKey } from "../../publishers/types";
import { cacheControlForKey, contentTypeForKey } from "./object-policy";
import { getPublisher } from "./get-publisher";
import { questionsEndpointBase } from "../questions/read-questions-for-head";
import { PUBLISHED_SECURITY_HEADERS, publishedPageHeaders } from "./published-headers";

export type TServedObject = { body: Buffer; headers: Record<string, string> } | null;

/** Keys under this prefix hold the workers' controls and heartbeats (lib/queue/s3-worker-control-store.ts) when
 * they share the publish bucket: never served, whatever the publish prefix. */
const PRIVATE_KEY_PREFIX = "_control/";

/** The origin the widget posts reader questions to (the same base the live blogs' heads publish). */
function questionsEndpointOrigin(): string {
  return new URL(questionsEndpointBase()).origin;
}

export async function readPublishedObject(key: string): Promise<TServedObject> {
  try {
    assertSafeKey(key);
  } catch {
    return null;
  }
  if (key.startsWith(PRIVATE_KEY_PREFIX)) return null;
  const stored = await getPublisher().get(key);
  if (!stored) return null;
  return {
    body: stored.body,
    headers: {
      "Content-Type": contentTypeForKey(key),
      "Cache-Control": cacheControlForKey(key),
      ETag: `"${createHash("sha1").update(stored.body).digest("base64url")}"`,
      "Last-Modified": stored.modifiedAt.toUTCString(),
      ...PUBLISHED_SECURITY_HEADERS,
      ...(key.endsWith(".html") ? publishedPageHeaders(questionsEndpointOrigin()) : {}),
    },
  };
}

export type TPublishedAnswer = { status: 200 | 304 | 404; headers: Record<string, string>; body: Buffer | null };

const NOT_FOUND_HEADERS = { "Content-Type": "application/json", "Cache-Control": "public, max-age=2", ...PUBLISHED_SECURITY_HEADERS };

/** The object key of a path under /cdn/ as it came in the URL (percent-encoded, without the prefix and query); null
 * when a segment does not decode (`%ff`, `%c0%ae`): such a path names no object. */
export function publishedKeyOfPath(encodedPath: string): string | null {
  try {
    const key = encodedPath.split("/").map(decodeURIComponent).join("/");
    // A folder's URL (`pages/today/`) is its static page, as a CDN's directory index serves it.
    return key.endsWith("/") ? `${key}index.html` : key;
  } catch {
    return null;
  }
}

/** The CDN's answer to a GET of `key` with the client's If-None-Match: the file, 304 Not Modified, or 404 (also for
 * a key that is not a safe object key, or null: a path that did not decode). Every answer says nosniff. */
export async function answerPublishedRequest(key: string | null, ifNoneMatch: string | null | undefined): Promise<TPublishedAnswer> {
  const object = key === null ? null : await readPublishedObject(key);
  if (!object) return { status: 404, headers: NOT_FOUND_HEADERS, body: Buffer.from(JSON.stringify({ error: "Not found" })) };
  if (ifNoneMatch === object.headers.ETag) return { status: 304, headers: object.headers, body: null };
  return { status: 200, headers: object.headers, body: object.body };
}
