// One banner for the admin's edit page, with its phase; not_found when there is none with that id, null while the
// database is unreachable (the page then says so).
import "server-only";
import { z } from "zod";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { bannerPhase } from "./banner-phase";
import { MAIN_BANNER_SET_ID } from "./constants";

export async function getBannerOrThrow(options: { bannerId: string; now?: Date }, database: Db = db()) {
  if (!z.uuid().safeParse(options.bannerId).success) throw new AppError("not_found", "No banner with that id.");
  try {
    const banner = await database.banner.findUnique({ where: { id: options.bannerId } });
    if (!banner || banner.setId !== MAIN_BANNER_SET_ID) throw new AppError("not_found", "No banner with that id.");
    return { ...banner, phase: bannerPhase(banner, options.now ?? new Date()) };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
