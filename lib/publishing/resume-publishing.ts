// Ends a rollback: the newest content is published again, under a new (higher) version.
import type { Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { findDocumentDefinition } from "./document-registry";
import { enqueuePublish } from "./enqueue-publish";
import { clearRollback } from "./publication-state";

export async function resumePublishing(database: Db, options: { actorId: string; kind?: string; documentId: string }) {
  const kind = options.kind ?? "liveblog";
  const definition = findDocumentDefinition(kind);
  if (!definition) throw new AppError("invalid_input", `Unknown document kind ${JSON.stringify(kind)}.`);
  return database.$transaction(async (tx) => {
    const version = await definition.bumpVersion(tx, options.documentId);
    if (version === null) throw new AppError("not_found", "This document no longer exists.");
    await clearRollback(tx, { kind, documentId: options.documentId });
    await enqueuePublish(tx, { documentType: kind, documentId: options.documentId, version });
    await recordAudit(tx, { actorId: options.actorId, action: `${kind}.resume-publishing`, subjectType: kind, subjectId: options.documentId });
    return { kind, documentId: options.documentId, version };
  });
}
