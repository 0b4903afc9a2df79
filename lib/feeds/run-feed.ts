// One run of one feed, with no transaction open across the network: claim the feed with a lease (one statement: at
// most one run per feed across every worker), fetch through the SSRF guard with a conditional request, parse and
// map, then record in one short transaction fenced by the lease token: the run's row, the feed's outcome and next
// run, and (for new content) the good copy, a new version and its publish job. Any failure keeps the last good copy.
import { performance } from "node:perf_hooks";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { safeFetch, SafeFetchError, type TSafeFetchOptions } from "../http/safe-fetch";
import type { TFetchAllowlist } from "../http/fetch-allowlist";
import { logger } from "../logger";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { FEED_KIND, FEED_RUNS_KEPT } from "./constants";
import { nextRunAfter } from "./feed-rows";
import { FeedBodyError, mapFeedBody } from "./map-feed-body";
import type { TFeedFormat, TMappingField } from "./schemas";
import { openHeaders, SecretUnavailableError, storedHeaders } from "./secret-headers";

/** Time past the fetch's own timeout that a run may take to parse and record before its lease may be taken over. */
const LEASE_MARGIN_SECONDS = 30;
const MAX_ERROR_LENGTH = 500;

export type TClaimedFeed = {
  id: string;
  name: string;
  sourceUrl: string;
  format: TFeedFormat;
  itemsPointer: string | null;
  mapping: Prisma.JsonValue;
  timeoutSeconds: number;
  maxBytes: number;
  secretHeaders: Prisma.JsonValue;
  settingsVersion: number;
  goodHash: string | null;
  goodEtag: string | null;
  goodLastModified: string | null;
  leaseToken: bigint;
  trigger: "schedule" | "run-now";
};

/** Takes the lease of one due feed (its schedule came, or someone asked for a run) whose lease is free; null if none. */
export async function claimDueFeed(database: Db, now: Date): Promise<TClaimedFeed | null> {
  const [feed] = await database.$queryRaw<TClaimedFeed[]>`
    UPDATE feeds f SET run_lease_until = ${now}::timestamptz + make_interval(secs => f.timeout_seconds + ${LEASE_MARGIN_SECONDS}), run_lease_token = f.run_lease_token + 1
    WHERE f.id = (
      SELECT id FROM feeds
      WHERE deleted_at IS NULL AND (next_run_at <= ${now} OR run_requested_at IS NOT NULL) AND (run_lease_until IS NULL OR run_lease_until <= ${now})
      ORDER BY coalesce(run_requested_at, next_run_at), id LIMIT 1
      FOR UPDATE SKIP LOCKED)
    AND (f.run_lease_until IS NULL OR f.run_lease_until <= ${now})
    RETURNING f.id::text AS id, f.name, f.source_url AS "sourceUrl", f.format::text AS format, f.items_pointer AS "itemsPointer", f.mapping,
      f.timeout_seconds AS "timeoutSeconds", f.max_bytes AS "maxBytes", f.secret_headers AS "secretHeaders", f.settings_version AS "settingsVersion",
      f.good_hash AS "goodHash", f.good_etag AS "goodEtag", f.good_last_modified AS "goodLastModified", f.run_lease_token AS "leaseToken",
      CASE WHEN f.run_requested_at IS NOT NULL THEN 'run-now' ELSE 'schedule' END AS trigger`;
  return feed ?? null;
}

export type TFeedFetchResult =
  | { outcome: "updated"; statusCode: number; bytes: number; json: string; hash: string; etag: string | null; lastModified: string | null }
  | { outcome: "unchanged"; statusCode: number; bytes: number; etag: string | null; lastModified: string | null }
  | { outcome: "failed"; statusCode: number | null; bytes: number | null; error: string };

function mappingOf(value: Prisma.JsonValue): TMappingField[] {
  return Array.isArray(value) ? (value as TMappingField[]) : [];
}

function clip(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

export type TFetchFeedOptions = { allowlist?: TFetchAllowlist; resolve?: TSafeFetchOptions["resolve"]; signal?: AbortSignal };

/** The network part: fetch, validate and map. Never throws; a failure is a result with its reason. */
export async function fetchFeed(feed: TClaimedFeed, options: TFetchFeedOptions = {}): Promise<TFeedFetchResult> {
  let statusCode: number | null = null;
  let bytes: number | null = null;
  try {
    const headers: Record<string, string> = openHeaders(storedHeaders(feed.secretHeaders));
    // Validators of the last good copy; update-feed forgets them when what is fetched or how it is mapped changes.
    if (feed.goodHash && feed.goodEtag) headers["if-none-match"] = feed.goodEtag;
    if (feed.goodHash && feed.goodLastModified) headers["if-modified-since"] = feed.goodLastModified;
    const response = await safeFetch(feed.sourceUrl, { headers, timeoutMs: feed.timeoutSeconds * 1000, maxBytes: feed.maxBytes, allowlist: options.allowlist, resolve: options.resolve, signal: options.signal });
    statusCode = response.status;
    bytes = response.body.length;
    const etag = response.headers.etag ?? null;
    const lastModified = response.headers["last-modified"] ?? null;
    if (response.status === 304 && feed.goodHash) return { outcome: "unchanged", statusCode, bytes, etag: etag ?? feed.goodEtag, lastModified: lastModified ?? feed.goodLastModified };
    if (response.status < 200 || response.status > 299) return { outcome: "failed", statusCode, bytes, error: `the vendor answered HTTP ${response.status}` };
    const mapped = mapFeedBody(response.body, { format: feed.format, itemsPointer: feed.itemsPointer, mapping: mappingOf(feed.mapping) });
    if (Buffer.byteLength(mapped.json) > feed.maxBytes) return { outcome: "failed", statusCode, bytes, error: `the mapped data is larger than the ${feed.maxBytes.toLocaleString("en-US")}-byte limit` };
    if (mapped.hash === feed.goodHash) return { outcome: "unchanged", statusCode, bytes, etag, lastModified };
    return { outcome: "updated", statusCode, bytes, json: mapped.json, hash: mapped.hash, etag, lastModified };
  } catch (error) {
    if (error instanceof SafeFetchError || error instanceof FeedBodyError || error instanceof SecretUnavailableError) return { outcome: "failed", statusCode, bytes, error: clip(error.message) };
    logger.error({ err: error, feed: feed.name }, "feed run failed unexpectedly");
    return { outcome: "failed", statusCode, bytes, error: "an unexpected error (logged for the operator)" };
  }
}

export type TFeedRunRecord = { feedId: string; name: string; outcome: TFeedFetchResult["outcome"]; error: string | null; version: number | null; statusCode: number | null; bytes: number | null; durationMs: number };

/** The short record transaction; null when the lease was lost (taken over after expiry, or the feed was deleted). */
export async function recordFeedRun(database: Db, feed: TClaimedFeed, result: TFeedFetchResult, run: { startedAt: Date; finishedAt: Date; durationMs: number }): Promise<TFeedRunRecord | null> {
  return database.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ settingsVersion: number; schedule: string; timeZone: string }[]>`
      SELECT settings_version AS "settingsVersion", schedule, time_zone AS "timeZone" FROM feeds
      WHERE id = ${feed.id}::uuid AND run_lease_token = ${feed.leaseToken} AND deleted_at IS NULL FOR UPDATE`;
    if (!row) return null;
    // Settings changed while fetching: this body was fetched or mapped the old way, so it is not kept.
    const outcome: TFeedFetchResult =
      result.outcome !== "failed" && row.settingsVersion !== feed.settingsVersion
        ? { outcome: "failed", statusCode: result.statusCode, bytes: result.bytes, error: "the feed's settings changed during this run; it runs again with the new ones" }
        : result;
    const error = outcome.outcome === "failed" ? outcome.error : null;
    const nextRunAt = nextRunAfter(row.schedule, row.timeZone, run.finishedAt);
    const goodCopy =
      outcome.outcome === "updated"
        ? Prisma.sql`, version = version + 1, good_body = ${outcome.json}, good_hash = ${outcome.hash}, good_fetched_at = ${run.startedAt}, good_etag = ${outcome.etag}, good_last_modified = ${outcome.lastModified}`
        : outcome.outcome === "unchanged"
          ? Prisma.sql`, good_etag = coalesce(${outcome.etag}, good_etag), good_last_modified = coalesce(${outcome.lastModified}, good_last_modified)`
          : Prisma.empty;
    // A "Run now" asked for while this run was under way (after it started) stays asked for.
    const [updated] = await tx.$queryRaw<{ version: number }[]>`
      UPDATE feeds SET run_lease_until = NULL, last_run_at = ${run.startedAt}, last_outcome = ${outcome.outcome}::"FeedRunOutcome", last_error = ${error},
        next_run_at = ${nextRunAt},
        run_requested_at = CASE WHEN run_requested_at <= ${run.startedAt} THEN NULL ELSE run_requested_at END
        ${goodCopy}
      WHERE id = ${feed.id}::uuid RETURNING version`;
    const version = outcome.outcome === "updated" ? updated!.version : null;
    await tx.$executeRaw`
      INSERT INTO feed_runs (feed_id, trigger, started_at, finished_at, outcome, status_code, bytes, duration_ms, error, version)
      VALUES (${feed.id}::uuid, ${feed.trigger}, ${run.startedAt}, ${run.finishedAt}, ${outcome.outcome}::"FeedRunOutcome", ${outcome.statusCode}, ${outcome.bytes}, ${run.durationMs}, ${error}, ${version})`;
    await tx.$executeRaw`
      DELETE FROM feed_runs WHERE feed_id = ${feed.id}::uuid
        AND id < (SELECT id FROM feed_runs WHERE feed_id = ${feed.id}::uuid ORDER BY id DESC OFFSET ${FEED_RUNS_KEPT - 1} LIMIT 1)`;
    if (version !== null) await enqueuePublish(tx, { documentType: FEED_KIND, documentId: feed.id, version });
    return { feedId: feed.id, name: feed.name, outcome: outcome.outcome, error, version, statusCode: outcome.statusCode, bytes: outcome.bytes, durationMs: run.durationMs };
  });
}

export type TRunFeedOptions = TFetchFeedOptions & { now?: () => Date };

/** Fetches a claimed feed and records the run (startedAt: the claim's time). */
export async function runClaimedFeed(database: Db, feed: TClaimedFeed, startedAt: Date, options: TRunFeedOptions = {}): Promise<TFeedRunRecord | null> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const result = await fetchFeed(feed, options);
  const durationMs = Math.round(performance.now() - started);
  const record = await recordFeedRun(database, feed, result, { startedAt, finishedAt: now(), durationMs });
  if (!record) logger.warn({ feed: feed.name }, "feed run not recorded: its lease was taken over or the feed was deleted meanwhile");
  return record;
}

/** Claims one due feed and runs it; null when none is due (or each due one is being run elsewhere). */
export async function runDueFeed(database: Db, options: TRunFeedOptions = {}): Promise<TFeedRunRecord | null> {
  const startedAt = (options.now ?? (() => new Date()))();
  const feed = await claimDueFeed(database, startedAt);
  return feed ? runClaimedFeed(database, feed, startedAt, options) : null;
}
