// The publish loop: find documents with due jobs, lock one, publish its newest state; several loops per process.
import type { Db } from "../db";
import type { Publisher } from "../../publishers/types";
import { logger } from "../logger";
import { findDueDocuments, recordPublishFailure, type TDueDocument } from "./publish-job-queue";
import { publishLiveBlog, type TPublishOutcome } from "./publish-liveblog";
import { Waker } from "./publish-wakeup";

export type TPublishedEvent = { document: TDueDocument; outcome: Extract<TPublishOutcome, { status: "published" }> };

type TWorkerOptions = {
  database: Db;
  publisher: Publisher;
  pollMs: number;
  signal: AbortSignal;
  concurrency?: number;
  /** A document is published at most once per this many ms; saves in between are coalesced. 0 = no limit. */
  minIntervalMs?: number;
  onPublished?: (event: TPublishedEvent) => void;
  /** Ends idle waits early when a job commits (see publish-wakeup.ts). */
  waker?: Waker;
};

/** Publishes one due document if any is free. When there was nothing to do, says when the next one falls due. */
export async function publishNextDocument(options: Omit<TWorkerOptions, "signal" | "pollMs" | "concurrency">): Promise<{ didWork: boolean; nextDueInMs: number | null }> {
  const { due, nextDueInMs } = await findDueDocuments(options.database, 8, options.minIntervalMs ?? 0);
  for (const document of due) {
    if (document.documentType !== "liveblog") continue;
    const startedAt = Date.now();
    try {
      const outcome = await publishLiveBlog(options.database, { liveBlogId: document.documentId, publisher: options.publisher, waitForLock: false });
      if (outcome.status === "busy") continue;
      if (outcome.status === "published") options.onPublished?.({ document, outcome });
      logger.debug({ documentId: document.documentId, status: outcome.status, ms: Date.now() - startedAt }, "publish finished");
    } catch (error) {
      const attempts = await recordPublishFailure(options.database, document, error);
      logger.warn({ err: error, documentId: document.documentId, attempts }, "publish failed; will retry with backoff");
    }
    return { didWork: true, nextDueInMs };
  }
  return { didWork: false, nextDueInMs };
}

export async function runPublishWorker(options: TWorkerOptions): Promise<void> {
  const waker = options.waker ?? new Waker();
  const sleep = (ms: number, signal: AbortSignal) => waker.sleep(ms, signal);
  const loops = Array.from({ length: options.concurrency ?? 1 }, async () => {
    while (!options.signal.aborted) {
      try {
        const pass = await publishNextDocument(options);
        // A document held back by its interval or a retry must not wait for the idle poll.
        if (!pass.didWork) await sleep(pass.nextDueInMs === null ? options.pollMs : Math.min(options.pollMs, Math.max(5, pass.nextDueInMs)), options.signal);
      } catch (error) {
        logger.error({ err: error }, "publish loop error (database unreachable?); backing off");
        await sleep(options.pollMs * 20, options.signal);
      }
    }
  });
  await Promise.all(loops);
}
