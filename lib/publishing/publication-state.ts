// The `published_documents` table's statements, in one place: per document, the version on the target, a rollback
// in force, and the publish lease. "Never backwards" without a lock held across uploads: a worker takes the lease
// in one autocommitted statement, uploads with no transaction open while renewing the lease, checks it before it
// writes the head,
// and records the publish only while the lease token is still its own (the fence).
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { hasRetiredKeysSql } from "./superseded-objects";

/** A publishing worker renews its lease every third of this while it uploads; a worker killed mid-publish leaves a
 * lease that lapses within this time, and the next worker takes the document over. */
export const LEASE_MS = 15_000;

export type TDocumentKey = { kind: string; documentId: string };

export type TLease = TDocumentKey & {
  token: bigint;
  publishedVersion: number | null;
  rolledBackToVersion: number | null;
  /** Nothing of the document can be on the target: it was withdrawn (a draft), or never had an upload attempted (a new
   * row starts withdrawn), and no upload was attempted since (one clears it first, see markUploading). */
  withdrawn: boolean;
  /** Some of its keys are scheduled for deletion: a publish uploading one of them must take it back first. */
  hasRetiredKeys: boolean;
};

/** Takes the document's lease unless another worker holds a live one (then null). */
export async function acquireLease(database: Db, document: TDocumentKey): Promise<TLease | null> {
  const [row] = await database.$queryRaw<Omit<TLease, keyof TDocumentKey>[]>`
    INSERT INTO published_documents (kind, document_id, lease_token, lease_until, withdrawn)
    VALUES (${document.kind}, ${document.documentId}, 1, now() + make_interval(secs => ${LEASE_MS / 1000}::float8), TRUE)
    ON CONFLICT (kind, document_id) DO UPDATE
    SET lease_token = published_documents.lease_token + 1, lease_until = EXCLUDED.lease_until
    WHERE published_documents.lease_until IS NULL OR published_documents.lease_until < now()
    RETURNING lease_token AS token, published_version AS "publishedVersion", rolled_back_to_version AS "rolledBackToVersion", withdrawn,
      ${hasRetiredKeysSql(document)} AS "hasRetiredKeys"`;
  return row ? { ...document, ...row } : null;
}

/** Extends the lease; false when it expired and another worker may have taken it (the caller must stop). */
export async function renewLease(database: Db, lease: TLease): Promise<boolean> {
  const renewed = await database.$executeRaw`
    UPDATE published_documents SET lease_until = now() + make_interval(secs => ${LEASE_MS / 1000}::float8)
    WHERE kind = ${lease.kind} AND document_id = ${lease.documentId} AND lease_token = ${lease.token} AND lease_until > now()`;
  return renewed > 0;
}

/** Before the first upload of a document marked withdrawn: objects may be on the target from now on, even if the
 * publish is never recorded (a crash, a Postgres outage), so a later withdrawal must delete them. False when the lease
 * is no longer this worker's. */
export async function markUploading(database: Db, lease: TLease): Promise<boolean> {
  const marked = await database.$executeRaw`
    UPDATE published_documents SET withdrawn = FALSE
    WHERE kind = ${lease.kind} AND document_id = ${lease.documentId} AND lease_token = ${lease.token} AND lease_until > now()`;
  return marked > 0;
}

export async function releaseLease(database: Db | Prisma.TransactionClient, lease: TLease): Promise<void> {
  await database.$executeRaw`
    UPDATE published_documents SET lease_until = NULL
    WHERE kind = ${lease.kind} AND document_id = ${lease.documentId} AND lease_token = ${lease.token}`;
}

/** The fence, as a CTE body: records a published version (and ends the lease) only while the lease is still this
 * worker's, returning one row if it held. `rolledBackTo` sets or clears the rollback in force; `withdrawn` says the
 * version went out as a withdrawal (nothing public) rather than as objects. */
export function fencedPublishSql(lease: TLease, published: { version: number; publishedAt: Date; rolledBackTo: number | null; withdrawn?: boolean }): Prisma.Sql {
  return Prisma.sql`
    UPDATE published_documents
    SET published_version = greatest(published_version, ${published.version}::int), published_at = ${published.publishedAt},
      rolled_back_to_version = ${published.rolledBackTo}::int, withdrawn = ${published.withdrawn ?? false}, lease_until = NULL
    WHERE kind = ${lease.kind} AND document_id = ${lease.documentId} AND lease_token = ${lease.token}
    RETURNING 1 AS held`;
}

export type TPublicationState = { publishedVersion: number | null; publishedAt: Date | null; rolledBackToVersion: number | null; withdrawn: boolean };

export async function getPublicationState(database: Db | Prisma.TransactionClient, document: TDocumentKey): Promise<TPublicationState> {
  const [row] = await database.$queryRaw<TPublicationState[]>`
    SELECT published_version AS "publishedVersion", published_at AS "publishedAt", rolled_back_to_version AS "rolledBackToVersion", withdrawn
    FROM published_documents WHERE kind = ${document.kind} AND document_id = ${document.documentId}`;
  return row ?? { publishedVersion: null, publishedAt: null, rolledBackToVersion: null, withdrawn: false };
}

/** Ends a rollback: the next publish writes the newest content again. */
export async function clearRollback(tx: Prisma.TransactionClient, document: TDocumentKey): Promise<void> {
  await tx.$executeRaw`UPDATE published_documents SET rolled_back_to_version = NULL WHERE kind = ${document.kind} AND document_id = ${document.documentId}`;
}
