// Uploads one object with the content type and cache policy its key calls for; returns the bytes sent.
import type { Publisher } from "../../publishers/types";
import { cacheControlForKey, contentTypeForKey } from "./object-policy";

export async function putObject(publisher: Publisher, key: string, body: string): Promise<number> {
  await publisher.put({ key, body, contentType: contentTypeForKey(key), cacheControl: cacheControlForKey(key) });
  return Buffer.byteLength(body);
}
