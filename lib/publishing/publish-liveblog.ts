// A live blog's publish: the generic document pipeline (publish-document.ts) for the "liveblog" kind.
import type { Db } from "../db";
import type { Publisher } from "../../publishers/types";
import { publishDocument, type TPublishOutcome } from "./publish-document";

export { liveBlogHeadKey, liveBlogObjectKey, liveBlogPageKey } from "../render/render-liveblog-publication";
export type { TPublishOutcome } from "./publish-document";

export function publishLiveBlog(
  database: Db,
  options: { liveBlogId: string; publisher: Publisher; force?: boolean; waitForLock?: boolean; now?: () => Date; takedownGraceMs?: number },
): Promise<TPublishOutcome> {
  return publishDocument(database, {
    kind: "liveblog",
    documentId: options.liveBlogId,
    publisher: options.publisher,
    force: options.force,
    waitForLease: options.waitForLock ?? true,
    now: options.now,
    takedownGraceMs: options.takedownGraceMs,
  });
}
