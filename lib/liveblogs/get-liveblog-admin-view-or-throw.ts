// Everything the admin's page of one live blog reads from Postgres: the blog with its publish status, its publish
// history and the first paint of its live stream. Null while the database is unreachable (the page then shows the
// published copy and keeps posting through the queue); not_found when no blog has the slug.
import "server-only";
import type { Role } from "../generated/prisma/enums";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { listPublishHistory } from "../publishing/publish-log";
import { getAdminStream } from "./get-admin-stream";
import { getLiveBlogOrThrow } from "./get-liveblog-or-throw";

export async function getLiveBlogAdminViewOrThrow(options: { slug: string; viewer: { id: string; role: Role } }, database: Db = db()) {
  try {
    const blog = await getLiveBlogOrThrow(database, { slug: options.slug });
    const [history, stream] = await Promise.all([
      listPublishHistory(database, { kind: "liveblog", documentId: blog.id }),
      getAdminStream({ slug: blog.slug, viewer: options.viewer }, database),
    ]);
    return { blog, history, stream };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
