// A published document kind is one small definition: how to read a consistent snapshot, how to render it (pure),
// what its own tables record once it is out, and how to roll back. The document registry lists them; the publish
// worker, republish, rollback and the admin iterate it.
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Publisher } from "../../publishers/types";

export type TRenderContext = { publicBaseUrl: string; widgetKey: string; publishedAt: Date };

/** What one publish uploads, in order: immutable objects first, mutable ones after, the head last. */
export type TPublishPlan<TExtra = unknown> = {
  objects: { key: string; body: string }[];
  /** The head's key and body (also stored gzipped in the publish log, which makes rollback one action). */
  head: { key: string; body: string };
  /** What the kind's record step needs from rendering (e.g. the keys of re-rendered pages). */
  extra?: TExtra;
  /** Immutable keys the previous head named and this one replaces (e.g. a page re-rendered after an edit or a
   * delete): the record step schedules them for deletion once readers' cached heads have expired. */
  retiredKeys?: string[];
};

/** What a withdrawal removes from the target: every object the document has there (head, pages, static page). */
export type TWithdrawal = { keys: string[] };

export type TSnapshotBase = { version: number };

/** What a kind's own incremental publish hands back for the record (see `publishIncrementally`). */
export type TIncrementalPublish = {
  /** The head now on the target (written last, or already there and unchanged); null: nothing of it is public. */
  head: { key: string; body: string } | null;
  /** Whether this run wrote the head (an unchanged document writes nothing at all). */
  headUploaded: boolean;
  uploadedFiles: number;
  deletedFiles: number;
  bytes: number;
};

export type TIncrementalPublishContext<TSnapshot> = {
  database: Db;
  publisher: Publisher;
  snapshot: TSnapshot;
  publishedAt: Date;
  /** Re-upload everything (a republish), not only what differs from what is out. */
  full: boolean;
  /** Throws when the publish lease was lost; call it between batches (uploads stop, nothing is recorded). */
  assertLease: () => void;
  /** Call right before writing the head: renews the lease or throws (a late head must never land). */
  beforeHead: () => Promise<void>;
};

export type TDocumentDefinition<TSnapshot extends TSnapshotBase = TSnapshotBase> = {
  kind: string;
  /** One consistent read (a single statement or a short read-only transaction); null when the document is gone.
   * `full` asks for every object (a republish), not only what changed since the last publish; `rollbackOf` is the
   * stored head a rollback restores (a kind reads what it needs to keep deleted content out of it). */
  loadSnapshot: (database: Db, documentId: string, options: { full: boolean; rollbackOf?: string }) => Promise<TSnapshot | null>;
  /** Pure: the objects for this snapshot. */
  render: (snapshot: TSnapshot, context: TRenderContext) => TPublishPlan;
  /** For a kind too large for one plan in memory (a dataset's 40,000 key files): the kind uploads what differs from
   * what is out itself, in batches it records as it goes (so a crash resumes where it stopped), with no transaction
   * across the network, writes its head last, and deletes what the head no longer names after it. The publish
   * worker still takes the lease before and records the publish (fence, jobs, log, `recordPublished`) after; a null
   * head is recorded as a withdrawal (`recordWithdrawn`). When set, `render` is not called. */
  publishIncrementally?: (context: TIncrementalPublishContext<TSnapshot>) => Promise<TIncrementalPublish>;
  /** In the short transaction that records the publish: the kind's own bookkeeping (e.g. which pages are out). */
  recordPublished?: (tx: Prisma.TransactionClient, published: { documentId: string; version: number; publishedAt: Date; snapshot: TSnapshot | null; plan: TPublishPlan }) => Promise<void>;
  /** Pure: the objects that re-point readers at an earlier head, given that head's body as it was published and the
   * document's current snapshot (read with `rollbackOf`): a rollback must never restore deleted content, nor name
   * objects that were deleted since. */
  renderRollback: (storedHead: string, context: TRenderContext & { version: number; toVersion: number }, current?: TSnapshot) => TPublishPlan;
  /** Pure: when this snapshot must not be public (a draft), what to remove from the target; null to publish it. */
  withdraw?: (snapshot: TSnapshot) => TWithdrawal | null;
  /** In the withdrawal's record transaction: the kind's bookkeeping (e.g. forget which pages are uploaded). */
  recordWithdrawn?: (tx: Prisma.TransactionClient, withdrawn: { documentId: string; version: number; publishedAt: Date }) => Promise<void>;
  /** Takes a new content version (a rollback head, or resuming after one), so versions only rise; null when gone. */
  bumpVersion: (tx: Prisma.TransactionClient, documentId: string) => Promise<number | null>;
};

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds definitions of every snapshot type */
export type TAnyDocumentDefinition = TDocumentDefinition<any>;

export function defineDocument<TSnapshot extends TSnapshotBase>(definition: TDocumentDefinition<TSnapshot>): TDocumentDefinition<TSnapshot> {
  return definition;
}
