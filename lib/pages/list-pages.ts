// Pages for the admin's list, most recently changed first; null while the database is unreachable.
import "server-only";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";

export async function listPages(database: Db = db()) {
  try {
    return await database.page.findMany({
      orderBy: { updatedAt: "desc" },
      take: 200,
      select: { id: true, slug: true, title: true, status: true, version: true, publishedVersion: true, publishedAt: true, updatedAt: true },
    });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
