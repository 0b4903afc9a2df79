// Everything the admin's page editor reads: the page with its modules and publish status, its schedules (pending
// first) and its publish history. Null while the database is unreachable; not_found when no page has the slug.
import "server-only";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { isValidSlug } from "../liveblogs/schemas";
import { getPublicationState } from "../publishing/publication-state";
import { listPublishHistory } from "../publishing/publish-log";
import { PAGE_KIND } from "../render/render-page-publication";
import { ZPageModuleSchema, type TPageModule } from "./schemas";

const NOT_FOUND = "No page has that address.";

/** Stored modules as the editor shows them; one that no longer parses is dropped (it is not published either). */
function editableModules(stored: unknown): TPageModule[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((raw) => {
    const parsed = ZPageModuleSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function getPageAdminViewOrThrow(options: { slug: string }, database: Db = db()) {
  if (!isValidSlug(options.slug)) throw new AppError("not_found", NOT_FOUND);
  try {
    const page = await database.page.findUnique({ where: { slug: options.slug } });
    if (!page) throw new AppError("not_found", NOT_FOUND);
    const [schedules, history, publication, pendingJobs, failingJob, liveBlogs] = await Promise.all([
      database.pageSchedule.findMany({
        where: { pageId: page.id },
        orderBy: [{ status: "asc" }, { goLiveAt: "asc" }],
        take: 50,
        select: { id: true, title: true, goLiveAt: true, status: true, appliedAt: true, createdAt: true, createdBy: { select: { name: true } } },
      }),
      listPublishHistory(database, { kind: PAGE_KIND, documentId: page.id }),
      getPublicationState(database, { kind: PAGE_KIND, documentId: page.id }),
      database.publishJob.count({ where: { documentType: PAGE_KIND, documentId: page.id, status: "pending" } }),
      database.publishJob.findFirst({ where: { documentType: PAGE_KIND, documentId: page.id, status: "pending", lastError: { not: null } }, orderBy: { id: "desc" }, select: { lastError: true, attempts: true } }),
      database.liveBlog.findMany({ orderBy: { updatedAt: "desc" }, take: 200, select: { slug: true, title: true, status: true } }),
    ]);
    return {
      page: { id: page.id, slug: page.slug, title: page.title, description: page.description, status: page.status, version: page.version, publishedVersion: page.publishedVersion, publishedAt: page.publishedAt, modules: editableModules(page.modules) },
      schedules,
      history,
      publication: { rolledBackToVersion: publication.rolledBackToVersion, pendingJobs, lastError: failingJob?.lastError ?? null, attempts: failingJob?.attempts ?? 0 },
      liveBlogs,
    };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
