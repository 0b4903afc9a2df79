// Ends a live blog's rollback from the admin: its newest content is published again.
import "server-only";
import { db, type Db } from "../db";
import { resumePublishing } from "../publishing/resume-publishing";

export function resumeLiveBlogPublishing(options: { actorId: string; liveBlogId: string }, database: Db = db()) {
  return resumePublishing(database, { actorId: options.actorId, kind: "liveblog", documentId: options.liveBlogId });
}
