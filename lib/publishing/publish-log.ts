// The `publish_log` table's statements, in one place: a row per head written (what, how big, how fast, and the
// gzipped head that makes a rollback one action).
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { TDocumentKey } from "./publication-state";

export type TPublishLogKind = "publish" | "republish" | "rollback";

/** The one INSERT into publish_log; with `from`, one row per row of `from` (e.g. a fence CTE that held). */
export function publishLogInsertSql(
  document: TDocumentKey,
  row: { version: number; kind: TPublishLogKind; keys: string[]; bytes: number; headBody: string; latencyMs: number },
  from?: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO publish_log (document_type, document_id, version, kind, keys, bytes, content_hash, latency_ms, head_gzip)
    SELECT ${document.kind}, ${document.documentId}, ${row.version}, ${row.kind}::"PublishKind", ${row.keys}::text[], ${row.bytes},
      ${createHash("sha256").update(row.headBody).digest("hex")}, ${row.latencyMs}, ${gzipSync(row.headBody)}
    ${from ? Prisma.sql`FROM ${from}` : Prisma.empty}`;
}

/** The head as it was published at `version` (by a publish or republish, not a rollback); null if it never was. */
export async function findPublishedHead(database: Db, document: TDocumentKey, version: number): Promise<string | null> {
  const [row] = await database.$queryRaw<{ headGzip: Uint8Array }[]>`
    SELECT head_gzip AS "headGzip" FROM publish_log
    WHERE document_type = ${document.kind} AND document_id = ${document.documentId} AND version = ${version} AND kind IN ('publish', 'republish')
    ORDER BY id DESC LIMIT 1`;
  return row ? gunzipSync(row.headGzip).toString("utf8") : null;
}

/** The head written last for this document (a publish, republish or rollback); null if none was. */
export async function findLatestHead(database: Db, document: TDocumentKey): Promise<string | null> {
  const [row] = await database.$queryRaw<{ headGzip: Uint8Array }[]>`
    SELECT head_gzip AS "headGzip" FROM publish_log
    WHERE document_type = ${document.kind} AND document_id = ${document.documentId}
    ORDER BY id DESC LIMIT 1`;
  return row ? gunzipSync(row.headGzip).toString("utf8") : null;
}

export function listPublishHistory(database: Db, options: { kind?: string; documentId: string; limit?: number }) {
  return database.publishLog.findMany({
    where: { documentType: options.kind ?? "liveblog", documentId: options.documentId },
    orderBy: { id: "desc" },
    take: options.limit ?? 20,
    select: { id: true, version: true, kind: true, keys: true, bytes: true, latencyMs: true, createdAt: true },
  });
}
