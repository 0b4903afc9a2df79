// Publishes one document of any registered kind, with no transaction open across the network: take the document's
// lease, read a snapshot, render (pure), upload (immutable objects first, the head last), then record the publish
// in one short transaction that holds only if the lease is still ours. Rollback and republish are jobs run here too.
// Takedown: the record also schedules the objects the new head no longer names for deletion (after the grace period
// readers' cached heads need); a snapshot that must not be public (a draft) withdraws every object instead.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Publisher } from "../../publishers/types";
import { readEnv } from "../env";
import { logger } from "../logger";
import type { TAnyDocumentDefinition, TIncrementalPublish, TPublishPlan, TSnapshotBase, TWithdrawal } from "./define-document";
import { findDocumentDefinition } from "./document-registry";
import { enqueuePublish } from "./enqueue-publish";
import { acquireLease, fencedPublishSql, LEASE_MS, markUploading, releaseLease, renewLease, type TDocumentKey, type TLease } from "./publication-state";
import { finishJobsSql, readPendingJobs, type TPendingJobs } from "./publish-job-queue";
import { findLatestHead, findPublishedHead, publishLogInsertSql, type TPublishLogKind } from "./publish-log";
import { ensureWidgetPublished } from "./publish-widget";
import { putObject } from "./put-object";
import { SUPERSEDED_GRACE_MS } from "./object-policy";
import { reclaimRetiredKeys, retireKeysSql } from "./superseded-objects";
import { eventFacts } from "../webhooks/event-body";
import { webhookDeliveriesInsertSql } from "../webhooks/webhook-deliveries";

type TUploaded = { keys: string[]; bytes: number; latencyMs: number };

export type TPublishOutcome =
  /** `files`: what a kind that publishes incrementally uploaded and deleted (`keys` then names only its head). */
  | ({ status: "published"; version: number; files?: { uploaded: number; deleted: number } } & TUploaded)
  | ({ status: "rolled-back"; version: number; toVersion: number } & TUploaded)
  | { status: "already-published"; version: number }
  /** The snapshot must not be public (a draft): `keys` (all its objects, or none if none were out) are scheduled for
   * deletion now. */
  | { status: "withdrawn"; version: number; keys: string[] }
  | { status: "paused"; rolledBackToVersion: number }
  | { status: "busy" }
  | { status: "missing" };

/** The lease ran out mid-publish (another worker may now own the document): nothing was recorded; the jobs stay.
 * `headAttempted`: this worker had started writing the head, which may land after a newer one (then the document is
 * queued for a republish, so the newest state is written again). */
export class LeaseLostError extends Error {
  headAttempted = false;
}

export type TPublishDocumentOptions = TDocumentKey & {
  publisher: Publisher;
  /** Re-upload every object even when this version is out (a republish job asks for this too). */
  force?: boolean;
  /** Wait for another worker's lease to end instead of answering "busy". */
  waitForLease?: boolean;
  now?: () => Date;
  /** How long retired objects stay on the target. Default: TAKEDOWN_GRACE_MS, else the head's max-age plus
   * stale-while-revalidate. */
  takedownGraceMs?: number;
};

function takedownGraceMs(options: TPublishDocumentOptions): number {
  return options.takedownGraceMs ?? readEnv().TAKEDOWN_GRACE_MS ?? SUPERSEDED_GRACE_MS;
}

function definitionOrThrow(kind: string): TAnyDocumentDefinition {
  const definition = findDocumentDefinition(kind);
  if (!definition) throw new Error(`No document kind ${JSON.stringify(kind)} is registered.`);
  return definition;
}

async function leaseOrWait(database: Db, document: TDocumentKey, wait: boolean): Promise<TLease | null> {
  const deadline = Date.now() + 4 * LEASE_MS;
  for (;;) {
    const lease = await acquireLease(database, document);
    if (lease || !wait || Date.now() > deadline) return lease;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Keeps the lease alive while a publish runs; `lost` turns true if a renewal finds it gone (never upload a head then). */
function keepLeaseAlive(database: Db, lease: TLease): { lost: () => boolean; stop: () => void } {
  let lost = false;
  const timer = setInterval(() => {
    renewLease(database, lease).then(
      (held) => (lost ||= !held),
      () => (lost = true),
    );
  }, LEASE_MS / 3);
  timer.unref();
  return { lost: () => lost, stop: () => clearInterval(timer) };
}

/** Leases under which a head upload was started (a LeaseLostError after it means a stale head may land late). */
const headAttempts = new WeakSet<TLease>();

/** Uploads in the plan's order; right before the head (the one mutable write readers follow) the lease is checked. */
async function uploadPlan(database: Db, publisher: Publisher, lease: TLease, plan: TPublishPlan): Promise<{ keys: string[]; bytes: number }> {
  // Keys scheduled for deletion that this plan names again (a blog back from draft) must be taken back before upload.
  if (lease.hasRetiredKeys) await reclaimRetiredKeys(database, lease, plan.objects.map((object) => object.key));
  // From the first upload on, objects may be out even if this publish is never recorded: a withdrawal must then
  // delete them, so the "nothing is out" mark goes first.
  if (lease.withdrawn) {
    if (!(await markUploading(database, lease))) throw new LeaseLostError(`Lost the publish lease of ${lease.kind} ${lease.documentId} before uploading.`);
    lease.withdrawn = false;
  }
  const keepAlive = keepLeaseAlive(database, lease);
  try {
    let bytes = 0;
    for (const object of plan.objects) {
      if (object.key === plan.head.key && (keepAlive.lost() || !(await renewLease(database, lease)))) {
        throw new LeaseLostError(`Lost the publish lease of ${lease.kind} ${lease.documentId} before writing ${object.key}.`);
      }
      if (object.key === plan.head.key) headAttempts.add(lease);
      bytes += await putObject(publisher, object.key, object.body);
    }
    return { keys: plan.objects.map((object) => object.key), bytes };
  } finally {
    keepAlive.stop();
  }
}

/** Finishes the covered jobs and ends the lease, in one statement, when there is nothing to upload. */
async function finishWithoutUpload(database: Db, lease: TLease, jobs: TPendingJobs, upToVersion: number | null, now: Date): Promise<void> {
  await database.$executeRaw`
    WITH released AS (UPDATE published_documents SET lease_until = NULL
      WHERE kind = ${lease.kind} AND document_id = ${lease.documentId} AND lease_token = ${lease.token} RETURNING 1)
    ${finishJobsSql(lease, { upToJobId: jobs.upToJobId, upToVersion, finishedAt: now, guard: Prisma.sql`EXISTS (SELECT 1 FROM released)` })}`;
}

/** The short record transaction: the fence, the covered jobs, the publish log row, the keys the new head retired,
 * then the kind's own bookkeeping. */
async function recordPublish(
  database: Db,
  definition: TAnyDocumentDefinition,
  lease: TLease,
  record: { version: number; publishedAt: Date; rolledBackTo: number | null; jobs: TPendingJobs; upToVersion: number | null; logKind: TPublishLogKind; plan: TPublishPlan; uploaded: TUploaded; snapshot: unknown; graceMs: number },
): Promise<void> {
  const retired = record.plan.retiredKeys ?? [];
  // Webhook deliveries are queued by the same statement, only if the fence held: no extra round trip on the publish.
  const hook = eventFacts({ event: record.logKind === "rollback" ? "rolled_back" : "published", kind: lease.kind, documentId: lease.documentId, version: record.version, keys: record.uploaded.keys, time: record.publishedAt });
  await database.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ held: number }[]>`
      WITH fence AS (${fencedPublishSql(lease, { version: record.version, publishedAt: record.publishedAt, rolledBackTo: record.rolledBackTo })}),
      finished AS (${finishJobsSql(lease, { upToJobId: record.jobs.upToJobId, upToVersion: record.upToVersion, finishedAt: new Date(), guard: Prisma.sql`EXISTS (SELECT 1 FROM fence)` })}),
      logged AS (${publishLogInsertSql(lease, { version: record.version, kind: record.logKind, keys: record.uploaded.keys, bytes: record.uploaded.bytes, headBody: record.plan.head.body, latencyMs: record.uploaded.latencyMs }, Prisma.sql`fence`)})
      ${retired.length > 0 ? Prisma.sql`, retired AS (${retireKeysSql(lease, retired, record.graceMs, Prisma.sql`fence`)})` : Prisma.empty},
      hooks AS (${webhookDeliveriesInsertSql(hook, Prisma.sql`fence`)})
      SELECT count(*)::int AS held FROM fence`;
    if (!row?.held) throw new LeaseLostError(`Lost the publish lease of ${lease.kind} ${lease.documentId}; another worker publishes it.`);
    await definition.recordPublished?.(tx, { documentId: lease.documentId, version: record.version, publishedAt: record.publishedAt, snapshot: record.snapshot, plan: record.plan });
  });
}

/** Drafts are private: records the version as out with nothing public, and schedules every object it had on the
 * target for deletion at once (nothing to wait for: no head may name them any more). */
async function withdraw(
  database: Db,
  definition: TAnyDocumentDefinition,
  lease: TLease,
  record: { snapshot: TSnapshotBase; withdrawal: TWithdrawal; jobs: TPendingJobs; full: boolean; publishedAt: Date },
): Promise<TPublishOutcome> {
  const { version } = record.snapshot;
  // Nothing can be out (withdrawn, or no upload ever attempted since: see markUploading): nothing to remove. Otherwise
  // everything goes, even when no publish was recorded (an upload whose record failed may have left objects); a
  // delete of a missing object is harmless. A republish removes everything again, to be sure.
  const keys = !record.full && lease.withdrawn ? [] : record.withdrawal.keys;
  // "deleted" goes to webhooks when something was public (not for a draft that never was, nor a repeated withdrawal).
  const hook = lease.withdrawn ? null : eventFacts({ event: "deleted", kind: lease.kind, documentId: lease.documentId, version, keys, time: record.publishedAt });
  await database.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ held: number }[]>`
      WITH fence AS (${fencedPublishSql(lease, { version, publishedAt: record.publishedAt, rolledBackTo: null, withdrawn: true })}),
      finished AS (${finishJobsSql(lease, { upToJobId: record.jobs.upToJobId, upToVersion: version, finishedAt: new Date(), guard: Prisma.sql`EXISTS (SELECT 1 FROM fence)` })})
      ${keys.length > 0 ? Prisma.sql`, retired AS (${retireKeysSql(lease, keys, 0, Prisma.sql`fence`)})` : Prisma.empty}
      ${hook ? Prisma.sql`, hooks AS (${webhookDeliveriesInsertSql(hook, Prisma.sql`fence`)})` : Prisma.empty}
      SELECT count(*)::int AS held FROM fence`;
    if (!row?.held) throw new LeaseLostError(`Lost the publish lease of ${lease.kind} ${lease.documentId}; another worker publishes it.`);
    await definition.recordWithdrawn?.(tx, { documentId: lease.documentId, version, publishedAt: record.publishedAt });
  });
  return { status: "withdrawn", version, keys };
}

/** A kind's own incremental publish (see `publishIncrementally` in define-document.ts), under this worker's lease, then
 * the same short record transaction as any publish; a null head (nothing public) is recorded as a withdrawal. */
async function publishIncrementally(
  database: Db,
  definition: TAnyDocumentDefinition,
  lease: TLease,
  record: { snapshot: TSnapshotBase; jobs: TPendingJobs; full: boolean; options: TPublishDocumentOptions; now: () => Date },
): Promise<TPublishOutcome> {
  const { snapshot, jobs, full, options, now } = record;
  if (lease.withdrawn) {
    if (!(await markUploading(database, lease))) throw new LeaseLostError(`Lost the publish lease of ${lease.kind} ${lease.documentId} before uploading.`);
    lease.withdrawn = false;
  }
  const publishedAt = now();
  const keepAlive = keepLeaseAlive(database, lease);
  let result: TIncrementalPublish;
  try {
    result = await definition.publishIncrementally!({
      database,
      publisher: options.publisher,
      snapshot,
      publishedAt,
      full,
      assertLease: () => {
        if (keepAlive.lost()) throw new LeaseLostError(`Lost the publish lease of ${lease.kind} ${lease.documentId} while uploading.`);
      },
      beforeHead: async () => {
        if (keepAlive.lost() || !(await renewLease(database, lease))) throw new LeaseLostError(`Lost the publish lease of ${lease.kind} ${lease.documentId} before writing its head.`);
        headAttempts.add(lease);
      },
    });
  } finally {
    keepAlive.stop();
  }
  if (!result.head) return await withdraw(database, definition, lease, { snapshot, withdrawal: { keys: [] }, jobs, full, publishedAt });
  const uploaded = { keys: result.headUploaded ? [result.head.key] : [], bytes: result.bytes, latencyMs: latencySince(jobs.oldestAt, now()) };
  const plan: TPublishPlan = { objects: [], head: result.head, extra: result };
  await recordPublish(database, definition, lease, { version: snapshot.version, publishedAt, rolledBackTo: null, jobs, upToVersion: snapshot.version, logKind: full ? "republish" : "publish", plan, uploaded, snapshot, graceMs: takedownGraceMs(options) });
  return { status: "published", version: snapshot.version, ...uploaded, files: { uploaded: result.uploadedFiles, deleted: result.deletedFiles } };
}

function latencySince(oldestAt: Date | null, visibleAt: Date): number {
  return oldestAt ? Math.max(0, visibleAt.getTime() - oldestAt.getTime()) : 0;
}

async function rollBack(
  database: Db,
  definition: TAnyDocumentDefinition,
  lease: TLease,
  jobs: TPendingJobs,
  rollback: { jobId: bigint; targetVersion: number },
  options: TPublishDocumentOptions,
  now: () => Date,
): Promise<TPublishOutcome> {
  const storedHead = await findPublishedHead(database, lease, rollback.targetVersion);
  const version = storedHead === null ? null : await database.$transaction((tx) => definition.bumpVersion(tx, lease.documentId));
  // The current state, read after the bump: what still exists, so the old head cannot bring back deleted content.
  const snapshot = storedHead === null || version === null ? null : await definition.loadSnapshot(database, lease.documentId, { full: false, rollbackOf: storedHead });
  if (storedHead === null || version === null || snapshot === null) {
    logger.warn({ kind: lease.kind, documentId: lease.documentId, toVersion: rollback.targetVersion }, "rollback dropped: the document or that version is gone");
    await finishWithoutUpload(database, lease, { ...jobs, upToJobId: rollback.jobId }, null, now());
    return { status: "missing" };
  }
  // A draft stays private, whatever it once was.
  const withdrawal = definition.withdraw?.(snapshot);
  if (withdrawal) return withdraw(database, definition, lease, { snapshot, withdrawal, jobs, full: false, publishedAt: now() });
  const widget = await ensureWidgetPublished(options.publisher);
  const publishedAt = now();
  const plan = definition.renderRollback(storedHead, { publicBaseUrl: readEnv().publicBaseUrl, widgetKey: widget.key, publishedAt, version, toVersion: rollback.targetVersion }, snapshot);
  const uploaded = await uploadPlan(database, options.publisher, lease, plan);
  const result = { ...uploaded, latencyMs: Date.now() - publishedAt.getTime() };
  await recordPublish(database, definition, lease, { version, publishedAt, rolledBackTo: rollback.targetVersion, jobs, upToVersion: null, logKind: "rollback", plan, uploaded: result, snapshot, graceMs: takedownGraceMs(options) });
  return { status: "rolled-back", version, toVersion: rollback.targetVersion, ...result };
}

/** A head without what changes on every write (its version and time), to compare what readers see. */
function headContent(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return JSON.stringify({ ...(parsed as Record<string, unknown>), version: undefined, publishedAt: undefined });
    }
  } catch {
    // Not JSON: compare it as it is.
  }
  return body;
}

/** While rolled back: whether the rollback's head, rendered again against the current state, would differ for readers
 * from the head written last (an entry it shows was deleted or edited since). */
async function rollbackHeadChanged(database: Db, definition: TAnyDocumentDefinition, lease: TLease, targetVersion: number): Promise<boolean> {
  const [storedHead, latestHead] = await Promise.all([findPublishedHead(database, lease, targetVersion), findLatestHead(database, lease)]);
  if (storedHead === null) return false;
  if (latestHead === null) return true;
  const snapshot = await definition.loadSnapshot(database, lease.documentId, { full: false, rollbackOf: storedHead });
  if (snapshot === null) return false;
  // The head does not name the widget (only the static page does): no need to publish it for this comparison.
  const context = { publicBaseUrl: readEnv().publicBaseUrl, widgetKey: "", publishedAt: new Date(), version: lease.publishedVersion ?? 1, toVersion: targetVersion };
  const plan = definition.renderRollback(storedHead, context, snapshot);
  return headContent(plan.head.body) !== headContent(latestHead);
}

export async function publishDocument(database: Db, options: TPublishDocumentOptions): Promise<TPublishOutcome> {
  const now = options.now ?? (() => new Date());
  const definition = definitionOrThrow(options.kind);
  const lease = await leaseOrWait(database, { kind: options.kind, documentId: options.documentId }, options.waitForLease ?? false);
  if (!lease) return { status: "busy" };
  try {
    const jobs = await readPendingJobs(database, lease);
    if (jobs.rollback) return await rollBack(database, definition, lease, jobs, jobs.rollback, options, now);
    const full = options.force ?? jobs.republish;
    if (lease.rolledBackToVersion !== null) {
      // Publishing waits for "resume", except that a document turned private (a draft) is withdrawn at once.
      const snapshot = definition.withdraw ? await definition.loadSnapshot(database, lease.documentId, { full: false }) : null;
      const withdrawal = snapshot ? definition.withdraw?.(snapshot) : null;
      if (snapshot && withdrawal) return await withdraw(database, definition, lease, { snapshot, withdrawal, jobs, full: true, publishedAt: now() });
      // A delete or an edit since must still reach readers: when the rolled-back head, rendered again against today's
      // state, differs from the one out, the rollback is run again (a rising version, the same target).
      if (jobs.upToJobId !== null && (jobs.republish || (await rollbackHeadChanged(database, definition, lease, lease.rolledBackToVersion)))) {
        return await rollBack(database, definition, lease, jobs, { jobId: jobs.upToJobId, targetVersion: lease.rolledBackToVersion }, options, now);
      }
      await finishWithoutUpload(database, lease, jobs, null, now());
      return { status: "paused", rolledBackToVersion: lease.rolledBackToVersion };
    }
    const snapshot = await definition.loadSnapshot(database, lease.documentId, { full });
    if (!snapshot) {
      await finishWithoutUpload(database, lease, jobs, null, now());
      return { status: "missing" };
    }
    // Coalescing: one publish of the newest state covers every save up to it; older versions are never re-sent.
    if (!full && lease.publishedVersion !== null && lease.publishedVersion >= snapshot.version) {
      await finishWithoutUpload(database, lease, jobs, snapshot.version, now());
      return { status: "already-published", version: lease.publishedVersion };
    }
    const withdrawal = definition.withdraw?.(snapshot);
    if (withdrawal) return await withdraw(database, definition, lease, { snapshot, withdrawal, jobs, full, publishedAt: now() });
    if (definition.publishIncrementally) return await publishIncrementally(database, definition, lease, { snapshot, jobs, full, options, now });
    // The widget goes out (once per process) before any page that loads it.
    const widget = await ensureWidgetPublished(options.publisher);
    const publishedAt = now();
    const plan = definition.render(snapshot, { publicBaseUrl: readEnv().publicBaseUrl, widgetKey: widget.key, publishedAt });
    const uploaded = await uploadPlan(database, options.publisher, lease, plan);
    const result = { ...uploaded, latencyMs: latencySince(jobs.oldestAt, now()) };
    await recordPublish(database, definition, lease, { version: snapshot.version, publishedAt, rolledBackTo: null, jobs, upToVersion: snapshot.version, logKind: full ? "republish" : "publish", plan, uploaded: result, snapshot, graceMs: takedownGraceMs(options) });
    return { status: "published", version: snapshot.version, ...result };
  } catch (error) {
    // Give the document back at once so a retry need not wait for the lease to expire.
    if (!(error instanceof LeaseLostError)) await releaseLease(database, lease).catch(() => undefined);
    else if (error.headAttempted || headAttempts.has(lease)) {
      // Our head may land after a newer one another worker wrote (and finished every job with): write the newest
      // state again. If this fails, the error is logged and retried like any publish failure.
      error.headAttempted = true;
      await database.$transaction((tx) => enqueuePublish(tx, { documentType: lease.kind, documentId: lease.documentId, version: 0, action: "republish" }));
      logger.warn({ kind: lease.kind, documentId: lease.documentId }, "lost the publish lease after writing the head; queued a republish");
    }
    throw error;
  }
}
