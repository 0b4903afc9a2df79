// The admin's rollback of a live blog to an earlier published version; a worker re-points the head, then pauses.
import "server-only";
import { db, type Db } from "../db";
import { requestRollback } from "../publishing/request-rollback";

export function requestLiveBlogRollback(options: { actorId: string; liveBlogId: string; toVersion: unknown }, database: Db = db()) {
  return requestRollback(database, { actorId: options.actorId, input: { kind: "liveblog", documentId: options.liveBlogId, toVersion: options.toVersion } });
}
