// What the admin's feed pages read: each feed's settings (request headers by name only: their values never leave the
// worker), its last good fetch, last run and next run, the public URL of its file, and one feed's run history. Null
// while the database is unreachable (the page then says so).
import "server-only";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { readEnv } from "../env";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { feedObjectKey, FEED_RUNS_KEPT } from "./constants";
import type { TMappingField } from "./schemas";
import { storedHeaders } from "./secret-headers";

const FEED_SELECT = {
  id: true,
  name: true,
  sourceUrl: true,
  format: true,
  itemsPointer: true,
  mapping: true,
  schedule: true,
  timeZone: true,
  timeoutSeconds: true,
  maxBytes: true,
  secretHeaders: true,
  settingsVersion: true,
  version: true,
  publishedVersion: true,
  publishedAt: true,
  nextRunAt: true,
  runRequestedAt: true,
  runLeaseUntil: true,
  goodFetchedAt: true,
  lastRunAt: true,
  lastOutcome: true,
  lastError: true,
  createdAt: true,
} satisfies Prisma.FeedSelect;

type TFeedRow = Prisma.FeedGetPayload<{ select: typeof FEED_SELECT }>;

export function feedPublicUrl(name: string): string {
  return `${readEnv().publicBaseUrl.replace(/\/$/, "")}/${feedObjectKey(name)}`;
}

function toAdminFeed(row: TFeedRow, lastGoodRunAt: Date | null, now: Date) {
  const { secretHeaders, runLeaseUntil, mapping, ...rest } = row;
  return {
    ...rest,
    mapping: (Array.isArray(mapping) ? mapping : []) as TMappingField[],
    /** Names only; a value is never read here. */
    headerNames: storedHeaders(secretHeaders).map((header) => header.name),
    running: runLeaseUntil !== null && runLeaseUntil.getTime() > now.getTime(),
    /** A run is due or under way: the page refreshes itself until it is recorded. */
    due: (runLeaseUntil !== null && runLeaseUntil.getTime() > now.getTime()) || row.runRequestedAt !== null || (row.nextRunAt !== null && row.nextRunAt.getTime() <= now.getTime()),
    lastGoodRunAt,
    publicUrl: feedPublicUrl(row.name),
  };
}

async function lastGoodRuns(database: Db, feedIds: string[]): Promise<Map<string, Date>> {
  if (feedIds.length === 0) return new Map();
  const rows = await database.$queryRaw<{ feedId: string; at: Date }[]>`
    SELECT feed_id::text AS "feedId", max(finished_at) AS at FROM feed_runs WHERE feed_id = ANY(${feedIds}::uuid[]) AND outcome <> 'failed' GROUP BY feed_id`;
  return new Map(rows.map((row) => [row.feedId, row.at]));
}

export async function getFeedsAdminView(options: { now?: Date } = {}, database: Db = db()) {
  const now = options.now ?? new Date();
  try {
    const feeds = await database.feed.findMany({ where: { deletedAt: null }, orderBy: { name: "asc" }, select: FEED_SELECT, take: 1000 });
    const good = await lastGoodRuns(database, feeds.map((feed) => feed.id));
    return { feeds: feeds.map((feed) => toAdminFeed(feed, good.get(feed.id) ?? null, now)) };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}

/** One feed with its run history (newest first); null while the database is unreachable. */
export async function getFeedAdminViewOrThrow(options: { feedId: string; now?: Date }, database: Db = db()) {
  const now = options.now ?? new Date();
  try {
    if (!/^[0-9a-f-]{36}$/i.test(options.feedId)) throw new AppError("not_found", "No such feed.");
    const feed = await database.feed.findFirst({ where: { id: options.feedId, deletedAt: null }, select: FEED_SELECT });
    if (!feed) throw new AppError("not_found", "No such feed (it may have been deleted).");
    const [good, runs] = await Promise.all([
      lastGoodRuns(database, [feed.id]),
      database.feedRun.findMany({ where: { feedId: feed.id }, orderBy: { id: "desc" }, take: FEED_RUNS_KEPT }),
    ]);
    return { feed: toAdminFeed(feed, good.get(feed.id) ?? null, now), runs: runs.map((run) => ({ ...run, id: run.id.toString() })) };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}

export type TFeedsAdminView = NonNullable<Awaited<ReturnType<typeof getFeedsAdminView>>>;
export type TAdminFeed = TFeedsAdminView["feeds"][number];
export type TFeedAdminView = NonNullable<Awaited<ReturnType<typeof getFeedAdminViewOrThrow>>>;
