// Where a command stands for its author: queued (not applied yet), applied (on a draft blog: saved, not public),
// published, rejected with a reason, or failed (the workers gave up on it) with the reason. Never "queued" forever.
import type { Db } from "../db";
import { findCommandFailure } from "./command-failures";

export type TCommandStatus =
  | { status: "queued" }
  | { status: "applied"; version: number; notPublic?: true }
  | { status: "published"; version: number; publishedAt: string | null; saveToPublishedMs: number | null }
  | { status: "rejected"; reason: string }
  | { status: "failed"; reason: string; failedAt: string };

export async function getCommandStatus(database: Db, options: { id: string; actorId: string; canSeeAll: boolean }): Promise<TCommandStatus> {
  const row = await database.command.findUnique({ where: { id: options.id } });
  if (!row) {
    // Not applied: still on the queue, or dead-lettered after its last attempt (then its author hears why).
    const failure = await findCommandFailure(database, { commandId: options.id, actorId: options.actorId, canSeeAll: options.canSeeAll });
    return failure ? { status: "failed", reason: failure.reason, failedAt: failure.failedAt.toISOString() } : { status: "queued" };
  }
  if (row.actorId !== options.actorId && !options.canSeeAll) return { status: "queued" };
  if (row.status === "rejected") return { status: "rejected", reason: row.reason ?? "Rejected." };
  const version = Number((row.result as { version?: number }).version ?? 0);
  // Draft changes produce no reader-visible version: saved is their final state.
  if (!version) return { status: "applied", version: 0 };
  // The first publish that carried this version is when readers could see it.
  const published = await database.publishLog.findFirst({
    where: { documentType: row.documentKind, documentId: row.documentId, version: { gte: version } },
    orderBy: { id: "asc" },
    select: { createdAt: true },
  });
  if (published) {
    return { status: "published", version, publishedAt: published.createdAt.toISOString(), saveToPublishedMs: Math.max(0, published.createdAt.getTime() - row.issuedAt.getTime()) };
  }
  // A draft blog's version goes out as a withdrawal: saved, and not public until the blog goes live.
  const withdrawn = await database.publishedDocument.findFirst({
    where: { kind: row.documentKind, documentId: row.documentId, withdrawn: true, publishedVersion: { gte: version } },
    select: { withdrawn: true },
  });
  return withdrawn ? { status: "applied", version, notPublic: true } : { status: "applied", version };
}
