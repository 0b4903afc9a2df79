// Live blogs for the dashboard, most recently changed first, with their entry counts; null while the database is
// unreachable, so the dashboard can say so and point editors at the pages that still work.
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";

export async function listLiveBlogs(database: Db = db()) {
  try {
    return await database.liveBlog.findMany({
      orderBy: { updatedAt: "desc" },
      take: 200,
      select: { id: true, slug: true, title: true, status: true, version: true, publishedVersion: true, publishedAt: true, updatedAt: true, _count: { select: { entries: true } } },
    });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
