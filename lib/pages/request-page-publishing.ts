// The admin's publishing controls for a page, run as worker jobs: republish (every object again), rollback to an
// earlier published version (publishing then pauses), and resume after a rollback.
import "server-only";
import { db, type Db } from "../db";
import { requestRepublish } from "../publishing/request-republish";
import { requestRollback } from "../publishing/request-rollback";
import { resumePublishing } from "../publishing/resume-publishing";
import { PAGE_KIND } from "../render/render-page-publication";

export function requestPageRepublish(options: { actorId: string; pageId: string }, database: Db = db()) {
  return requestRepublish(database, { actorId: options.actorId, kind: PAGE_KIND, documentId: options.pageId });
}

export function requestPageRollback(options: { actorId: string; pageId: string; toVersion: unknown }, database: Db = db()) {
  return requestRollback(database, { actorId: options.actorId, input: { kind: PAGE_KIND, documentId: options.pageId, toVersion: options.toVersion } });
}

export function resumePagePublishing(options: { actorId: string; pageId: string }, database: Db = db()) {
  return resumePublishing(database, { actorId: options.actorId, kind: PAGE_KIND, documentId: options.pageId });
}
