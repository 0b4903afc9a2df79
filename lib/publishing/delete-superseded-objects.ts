// Takedown means gone: deletes the objects no published head names any more once their grace period is over, and
// has the CDN forget them. Runs beside publishing, never in its way: a failed delete is retried with backoff, and a
// key a publish took back meanwhile gets its document republished.
import type { Db } from "../db";
import type { Publisher } from "../../publishers/types";
import { logger } from "../logger";
import { enqueuePublish } from "./enqueue-publish";
import { getInvalidator } from "./get-publisher";
import { retryDelayMs } from "./publish-job-queue";
import { claimDueDeletions, finishDeletions, nextDeletionDueInMs, recordDeletionFailures } from "./superseded-objects";

export type TDeleteSupersededOptions = {
  database: Db;
  publisher: Publisher;
  /** Tells the CDN the deleted keys are gone. Default: CloudFront when CLOUDFRONT_DISTRIBUTION_ID is set. */
  invalidate?: (keys: string[]) => void;
  limit?: number;
};

export type TDeleteSupersededResult = { deleted: string[]; failed: string[]; nextDueInMs: number | null };

const DELETES_AT_ONCE = 8;

function defaultInvalidate(keys: string[]): void {
  void getInvalidator()?.invalidateDeleted(keys);
}

/** A delete refused because the object does not exist (S3 answers 204 for that, but some stores answer 404). A
 * missing bucket is a misconfiguration, not a missing object. */
function isMissingObject(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { name, code, $metadata } = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  if (name === "NoSuchBucket") return false;
  return name === "NoSuchKey" || name === "NotFound" || code === "ENOENT" || $metadata?.httpStatusCode === 404;
}

/** One pass: claims due objects, deletes them from the target, and records what happened. */
export async function deleteSupersededObjects(options: TDeleteSupersededOptions): Promise<TDeleteSupersededResult> {
  const { database, publisher } = options;
  const { claim, due } = await claimDueDeletions(database, options.limit ?? 100);
  const deleted: string[] = [];
  const failures: { key: string; error: string; retryInMs: number }[] = [];
  for (let start = 0; start < due.length; start += DELETES_AT_ONCE) {
    const batch = due.slice(start, start + DELETES_AT_ONCE);
    const results = await Promise.allSettled(batch.map((row) => publisher.delete(row.key)));
    results.forEach((result, index) => {
      const row = batch[index]!;
      // An object that is not there is as good as deleted (a withdrawal retires every key it may have had out).
      if (result.status === "fulfilled" || isMissingObject(result.reason)) deleted.push(row.key);
      else failures.push({ key: row.key, error: result.reason instanceof Error ? result.reason.message : String(result.reason), retryInMs: retryDelayMs(row.attempts) });
    });
  }
  const takenBack = await finishDeletions(database, claim, deleted);
  await recordDeletionFailures(database, claim, failures);
  if (takenBack.length > 0) {
    // A publish uploaded one of these keys again while we deleted it: publish its document once more to restore it.
    const documents = new Map(due.filter((row) => takenBack.includes(row.key)).map((row) => [`${row.kind}\n${row.documentId}`, row]));
    await database.$transaction(async (tx) => {
      for (const row of documents.values()) await enqueuePublish(tx, { documentType: row.kind, documentId: row.documentId, version: 0, action: "republish" });
    });
    logger.warn({ keys: takenBack }, "deleted objects a publish had just named again; republishing their documents");
  }
  if (deleted.length > 0) {
    (options.invalidate ?? defaultInvalidate)(deleted);
    logger.info({ count: deleted.length, keys: deleted.slice(0, 20) }, "deleted superseded objects");
  }
  for (const failure of failures) logger.warn({ key: failure.key, err: failure.error, retryInMs: failure.retryInMs }, "deleting a superseded object failed; will retry");
  return { deleted, failed: failures.map((failure) => failure.key), nextDueInMs: await nextDeletionDueInMs(database) };
}
