// Rollback, asked for by an editor and run by a worker (the admin never writes to the publish target): the head is
// re-pointed at the content of an earlier published version, with a rising version number, and publishing pauses
// until resumed. The request is checked here so the editor hears at once about a version that was never published.
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";
import type { Db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { findDocumentDefinition } from "./document-registry";
import { enqueuePublish } from "./enqueue-publish";
import { findPublishedHead } from "./publish-log";

export const ZRollbackSchema = z.object({
  kind: ZSafeText({ label: "Kind" }).min(1).default("liveblog"),
  documentId: ZSafeText({ label: "Document", required: "Unknown document." }).min(1, "Unknown document."),
  toVersion: z.coerce.number().int("Choose a published version.").positive("Choose a published version."),
});

export async function requestRollback(database: Db, options: { actorId: string; input: unknown }) {
  const { kind, documentId, toVersion } = ZRollbackSchema.parse(options.input);
  const definition = findDocumentDefinition(kind);
  if (!definition) throw new AppError("invalid_input", `Unknown document kind ${JSON.stringify(kind)}.`, { kind: "Not a known document kind." });
  const storedHead = await findPublishedHead(database, { kind, documentId }, toVersion);
  if (storedHead === null) throw new AppError("not_found", `Version ${toVersion} was never published, so there is nothing to roll back to.`, { toVersion: "Not a published version." });
  try {
    definition.renderRollback(storedHead, { publicBaseUrl: "", widgetKey: "", publishedAt: new Date(), version: toVersion, toVersion });
  } catch {
    throw new AppError("conflict", `Version ${toVersion} was published in an older format that cannot be restored; republish instead.`, { toVersion: "Published in an older format." });
  }
  return database.$transaction(async (tx) => {
    await enqueuePublish(tx, { documentType: kind, documentId, version: 0, action: "rollback", targetVersion: toVersion });
    await recordAudit(tx, { actorId: options.actorId, action: `${kind}.rollback`, subjectType: kind, subjectId: documentId, details: { toVersion } });
    return { kind, documentId, toVersion };
  });
}
