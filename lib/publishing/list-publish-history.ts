// Recent publishes of one document for the admin: version, kind, keys, bytes, latency.
import type { Db } from "../db";

export function listPublishHistory(database: Db, options: { liveBlogId: string; limit?: number }) {
  return database.publishLog.findMany({
    where: { documentType: "liveblog", documentId: options.liveBlogId },
    orderBy: { id: "desc" },
    take: options.limit ?? 20,
    select: { id: true, version: true, kind: true, keys: true, bytes: true, latencyMs: true, createdAt: true },
  });
}
