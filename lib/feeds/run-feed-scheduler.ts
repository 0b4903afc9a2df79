// The worker's feed loop: claims due feeds (their schedule came, or someone pressed "Run now") and runs up to a few at
// once, so one slow vendor does not hold up the others. Every worker runs this loop; the run lease keeps each feed to
// one run at a time. On stop it claims nothing more and lets the runs in hand finish (each is bounded by its timeout).
import type { Db } from "../db";
import { createOutageLogger } from "../db/outage-logger";
import { logger } from "../logger";
import { claimDueFeed, runClaimedFeed, type TFeedRunRecord, type TRunFeedOptions } from "./run-feed";

const IDLE_MS = 1_000;
const ERROR_BACKOFF_MS = 5_000;
const DEFAULT_CONCURRENCY = 4;

function logRun(record: TFeedRunRecord | null) {
  if (!record) return;
  const fields = { feed: record.name, outcome: record.outcome, status: record.statusCode, bytes: record.bytes, durationMs: record.durationMs, version: record.version };
  if (record.outcome === "failed") logger.warn({ ...fields, error: record.error }, "feed run failed; the last good copy stays published");
  else logger.info(fields, record.outcome === "updated" ? "feed run fetched new content; publishing it" : "feed run: content unchanged");
}

export async function runFeedScheduler(options: { database: Db; signal: AbortSignal; concurrency?: number } & TRunFeedOptions): Promise<void> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const now = options.now ?? (() => new Date());
  const outage = createOutageLogger("feed scheduler");
  const inFlight = new Set<Promise<void>>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => (clearTimeout(timer), options.signal.removeEventListener("abort", wake), resolve());
      const timer = setTimeout(wake, ms);
      options.signal.addEventListener("abort", wake, { once: true });
    });
  while (!options.signal.aborted) {
    if (inFlight.size >= concurrency) {
      await Promise.race([...inFlight, sleep(IDLE_MS)]);
      continue;
    }
    try {
      const startedAt = now();
      const feed = await claimDueFeed(options.database, startedAt);
      outage.succeeded();
      if (!feed) {
        await sleep(IDLE_MS);
        continue;
      }
      const run = runClaimedFeed(options.database, feed, startedAt, options).then(logRun, (error: unknown) => {
        // The record failed (the fetch never throws): the lease expires and the feed is run again.
        if (!outage.failed(error)) logger.warn({ err: error, feed: feed.name }, "could not record a feed run; it runs again when its lease expires");
      });
      const tracked: Promise<void> = run.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    } catch (error) {
      if (!outage.failed(error)) logger.warn({ err: error }, "feed scheduler step failed; retrying");
      await sleep(ERROR_BACKOFF_MS);
    }
  }
  await Promise.allSettled([...inFlight]);
}
