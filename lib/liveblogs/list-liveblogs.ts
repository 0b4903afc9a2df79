// Live blogs for the dashboard, most recently changed first, with their entry counts.
import type { Db } from "../db";

export function listLiveBlogs(database: Db) {
  return database.liveBlog.findMany({
    orderBy: { updatedAt: "desc" },
    take: 200,
    select: { id: true, slug: true, title: true, status: true, version: true, publishedVersion: true, publishedAt: true, updatedAt: true, _count: { select: { entries: true } } },
  });
}
