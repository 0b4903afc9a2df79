// Where a command stands for its author: queued (not applied yet), applied, published, or rejected with a reason.
import type { Db } from "../db";

export type TCommandStatus =
  | { status: "queued" }
  | { status: "applied"; version: number }
  | { status: "published"; version: number; publishedAt: string | null; saveToPublishedMs: number | null }
  | { status: "rejected"; reason: string };

export async function getCommandStatus(database: Db, options: { id: string; actorId: string; canSeeAll: boolean }): Promise<TCommandStatus> {
  const row = await database.command.findUnique({ where: { id: options.id } });
  if (!row || (row.actorId !== options.actorId && !options.canSeeAll)) return { status: "queued" };
  if (row.status === "rejected") return { status: "rejected", reason: row.reason ?? "Rejected." };
  const version = Number((row.result as { version?: number }).version ?? 0);
  // Draft changes produce no reader-visible version: saved is their final state.
  if (!version) return { status: "applied", version: 0 };
  // The first publish that carried this version is when readers could see it.
  const published = await database.publishLog.findFirst({
    where: { documentType: "liveblog", documentId: row.documentId, version: { gte: version } },
    orderBy: { id: "asc" },
    select: { createdAt: true },
  });
  if (published) {
    return { status: "published", version, publishedAt: published.createdAt.toISOString(), saveToPublishedMs: Math.max(0, published.createdAt.getTime() - row.issuedAt.getTime()) };
  }
  return { status: "applied", version };
}
