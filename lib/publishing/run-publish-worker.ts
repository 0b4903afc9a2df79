// The publish loop: find documents of every kind with due jobs, lease one, publish it; several loops per process.
// Beside them, one takedown loop deletes the objects no head names any more once their grace period is over.
import type { Db } from "../db";
import type { Publisher } from "../../publishers/types";
import { describeDatabaseOutage } from "../db/describe-database-error";
import { createOutageLogger } from "../db/outage-logger";
import { logger } from "../logger";
import { deleteSupersededObjects } from "./delete-superseded-objects";
import { findDueDocuments, recordPublishFailure, type TDueDocument } from "./publish-job-queue";
import { publishDocument, type TPublishOutcome } from "./publish-document";
import { Waker } from "./publish-wakeup";
import { trackPublishing } from "./publish-activity";

export type TPublishedEvent = { document: TDueDocument; outcome: Extract<TPublishOutcome, { status: "published" | "rolled-back" }> };

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
  /** How long superseded objects stay on the target (see publish-document.ts). */
  takedownGraceMs?: number;
  /** Tells the CDN which objects were deleted. Default: CloudFront when CLOUDFRONT_DISTRIBUTION_ID is set. */
  invalidateDeleted?: (keys: string[]) => void;
};

/** The takedown loop looks again at least this often (rows due sooner wake it sooner). */
const TAKEDOWN_IDLE_MS = 1000;

/** Which kind published last, so kinds take turns: a backlog of one kind never starves another. */
export type TKindTurns = { lastKind: string | null };

const processTurns: TKindTurns = { lastKind: null };

/** Orders due documents so that the next kind after the last one published comes first (kinds in name order). */
export function takeTurns(due: TDueDocument[], turns: TKindTurns): TDueDocument[] {
  const kinds = [...new Set(due.map((document) => document.documentType))].sort();
  const start = Math.max(0, kinds.findIndex((kind) => turns.lastKind === null || kind > turns.lastKind));
  const rank = (kind: string) => (kinds.indexOf(kind) - start + kinds.length) % kinds.length;
  return [...due].sort((a, b) => rank(a.documentType) - rank(b.documentType));
}

/** Publishes one due document if any is free. When there was nothing to do, says when the next one falls due. */
export async function publishNextDocument(options: Omit<TWorkerOptions, "signal" | "pollMs" | "concurrency"> & { turns?: TKindTurns }): Promise<{ didWork: boolean; nextDueInMs: number | null }> {
  const { due, nextDueInMs } = await findDueDocuments(options.database, 8, options.minIntervalMs ?? 0);
  const turns = options.turns ?? processTurns;
  for (const document of takeTurns(due, turns)) {
    const startedAt = Date.now();
    try {
      const outcome = await publishDocument(options.database, { kind: document.documentType, documentId: document.documentId, publisher: options.publisher, takedownGraceMs: options.takedownGraceMs });
      if (outcome.status === "busy") continue;
      turns.lastKind = document.documentType;
      if (outcome.status === "published" || outcome.status === "rolled-back") options.onPublished?.({ document, outcome });
      logger.debug({ kind: document.documentType, documentId: document.documentId, status: outcome.status, ms: Date.now() - startedAt }, "publish finished");
    } catch (error) {
      turns.lastKind = document.documentType;
      const attempts = await recordPublishFailure(options.database, document, error);
      const outage = describeDatabaseOutage(error);
      // A connection lost mid-publish is not the document's fault: one short line, no stack.
      if (outage) logger.warn({ kind: document.documentType, documentId: document.documentId, attempts, reason: outage.reason }, "publish interrupted by a database outage; will retry with backoff");
      else logger.warn({ err: error, kind: document.documentType, documentId: document.documentId, attempts }, "publish failed; will retry with backoff");
    }
    return { didWork: true, nextDueInMs };
  }
  return { didWork: false, nextDueInMs };
}

/** Deletes due superseded objects until stopped; a failure is logged and tried again, never in a publish's way. */
async function runTakedownLoop(options: TWorkerOptions, sleep: (ms: number, signal: AbortSignal) => Promise<void>): Promise<void> {
  const outage = createOutageLogger("takedown loop");
  while (!options.signal.aborted) {
    try {
      const pass = await deleteSupersededObjects({ database: options.database, publisher: options.publisher, invalidate: options.invalidateDeleted });
      outage.succeeded();
      if (pass.deleted.length + pass.failed.length > 0 && pass.nextDueInMs === 0) continue;
      await sleep(pass.nextDueInMs === null ? TAKEDOWN_IDLE_MS : Math.min(TAKEDOWN_IDLE_MS, Math.max(20, pass.nextDueInMs)), options.signal);
    } catch (error) {
      if (!outage.failed(error)) logger.error({ err: error }, "takedown loop error; backing off");
      await sleep(options.pollMs * 20, options.signal);
    }
  }
}

export async function runPublishWorker(options: TWorkerOptions): Promise<void> {
  const waker = options.waker ?? new Waker();
  const sleep = (ms: number, signal: AbortSignal) => waker.sleep(ms, signal);
  // Shared by the loops: an outage is logged once when it starts and once when it ends, not per pass.
  const outage = createOutageLogger("publish worker");
  const loops = Array.from({ length: options.concurrency ?? 1 }, async () => {
    while (!options.signal.aborted) {
      try {
        const pass = await trackPublishing(() => publishNextDocument(options));
        outage.succeeded();
        // A document held back by its interval or a retry must not wait for the idle poll.
        if (!pass.didWork) await sleep(pass.nextDueInMs === null ? options.pollMs : Math.min(options.pollMs, Math.max(5, pass.nextDueInMs)), options.signal);
      } catch (error) {
        if (!outage.failed(error)) logger.error({ err: error }, "publish loop error; backing off");
        await sleep(options.pollMs * 20, options.signal);
      }
    }
  });
  // Its own sleep: a publish job's wake-up has nothing for it (superseded objects fall due on a clock).
  const takedownClock = new Waker();
  await Promise.all([...loops, runTakedownLoop(options, (ms, signal) => takedownClock.sleep(ms, signal))]);
}
