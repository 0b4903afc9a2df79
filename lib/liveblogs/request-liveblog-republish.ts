// The admin's "republish" of a live blog: a worker re-uploads every object of its current version.
import "server-only";
import { db, type Db } from "../db";
import { requestRepublish } from "../publishing/request-republish";

export function requestLiveBlogRepublish(options: { actorId: string; liveBlogId: string }, database: Db = db()) {
  return requestRepublish(database, { actorId: options.actorId, kind: "liveblog", documentId: options.liveBlogId });
}
