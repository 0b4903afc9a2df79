// The document registry: every kind of published document. A new kind adds its definition here (one line); the
// publish worker, republish, rollback and the admin look kinds up by name.
import { bannerSetDocument } from "../banners/banner-set-document";
import { datasetDocument } from "../datasets/dataset-document";
import { feedDocument } from "../feeds/feed-document";
import { liveBlogDocument } from "../liveblogs/liveblog-document";
import { pageDocument } from "../pages/page-document";
import type { TAnyDocumentDefinition } from "./define-document";

const definitions = new Map<string, TAnyDocumentDefinition>([[liveBlogDocument.kind, liveBlogDocument], [bannerSetDocument.kind, bannerSetDocument], [pageDocument.kind, pageDocument], [datasetDocument.kind, datasetDocument], [feedDocument.kind, feedDocument]]);

/** Adds a kind at run time (a plug-in kind, or a test's own kind); a kind is registered once. */
export function registerDocumentKind(definition: TAnyDocumentDefinition): void {
  if (definitions.has(definition.kind)) throw new Error(`Document kind ${definition.kind} is already registered.`);
  definitions.set(definition.kind, definition);
}

export function findDocumentDefinition(kind: string): TAnyDocumentDefinition | undefined {
  return definitions.get(kind);
}

export function listDocumentKinds(): string[] {
  return [...definitions.keys()];
}
