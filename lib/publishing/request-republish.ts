// The admin's "republish": a worker re-uploads every object of the document's current version.
import type { Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { findDocumentDefinition } from "./document-registry";
import { enqueuePublish } from "./enqueue-publish";

export async function requestRepublish(database: Db, options: { actorId: string; kind?: string; documentId: string }) {
  const kind = options.kind ?? "liveblog";
  const definition = findDocumentDefinition(kind);
  if (!definition) throw new AppError("invalid_input", `Unknown document kind ${JSON.stringify(kind)}.`);
  return database.$transaction(async (tx) => {
    // Version 0: whatever version the worker then reads covers it.
    await enqueuePublish(tx, { documentType: kind, documentId: options.documentId, version: 0, action: "republish" });
    await recordAudit(tx, { actorId: options.actorId, action: `${kind}.republish`, subjectType: kind, subjectId: options.documentId });
    return { kind, documentId: options.documentId };
  });
}
