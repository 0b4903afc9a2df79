// Everything the admin's banner list reads from Postgres: every banner with its phase, the set's publish status and
// its publish history. Null while the database is unreachable (the page then says so and shows the published copy).
import "server-only";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { getPublicationState } from "../publishing/publication-state";
import { listPublishHistory } from "../publishing/publish-log";
import { bannerPhase } from "./banner-phase";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "./constants";

export async function getBannersAdminView(options: { now?: Date } = {}, database: Db = db()) {
  const now = options.now ?? new Date();
  try {
    const document = { kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID };
    const [set, banners, history, publication, pendingJobs, failingJob] = await Promise.all([
      database.bannerSet.findUniqueOrThrow({ where: { id: MAIN_BANNER_SET_ID }, select: { id: true, version: true, publishedVersion: true, publishedAt: true } }),
      database.banner.findMany({ where: { setId: MAIN_BANNER_SET_ID }, orderBy: [{ priority: "desc" }, { updatedAt: "desc" }], take: 500 }),
      listPublishHistory(database, { kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID }),
      getPublicationState(database, document),
      database.publishJob.count({ where: { documentType: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, status: "pending" } }),
      database.publishJob.findFirst({
        where: { documentType: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, status: "pending", lastError: { not: null } },
        orderBy: { id: "desc" },
        select: { lastError: true, attempts: true },
      }),
    ]);
    return {
      set: { ...set, rolledBackToVersion: publication.rolledBackToVersion, publishStatus: { pendingJobs, lastError: failingJob?.lastError ?? null, attempts: failingJob?.attempts ?? 0 } },
      banners: banners.map((banner) => ({ ...banner, phase: bannerPhase(banner, now) })),
      history,
    };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}

export type TBannersAdminView = NonNullable<Awaited<ReturnType<typeof getBannersAdminView>>>;
export type TAdminBanner = TBannersAdminView["banners"][number];
