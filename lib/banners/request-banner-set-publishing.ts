// The admin's publish controls for the banner set: republish (re-upload), rollback to an earlier published version
// (a worker re-points the head, then publishing pauses), and resume. Each checks the role, then asks the workers.
import "server-only";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { db, type Db } from "../db";
import { AppError } from "../errors";
import { requestRepublish } from "../publishing/request-republish";
import { requestRollback } from "../publishing/request-rollback";
import { resumePublishing } from "../publishing/resume-publishing";
import { BANNER_SET_KIND, MAIN_BANNER_SET_ID } from "./constants";

type TActor = { id: string; role: Role };

function assertCanEdit(actor: TActor) {
  if (!can(actor.role, "banner:edit")) throw new AppError("forbidden", `Your role (${actor.role}) cannot publish banners.`);
}

export function requestBannerSetRepublish(options: { actor: TActor }, database: Db = db()) {
  assertCanEdit(options.actor);
  return requestRepublish(database, { actorId: options.actor.id, kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID });
}

export function requestBannerSetRollback(options: { actor: TActor; toVersion: unknown }, database: Db = db()) {
  assertCanEdit(options.actor);
  return requestRollback(database, { actorId: options.actor.id, input: { kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, toVersion: options.toVersion } });
}

export function resumeBannerSetPublishing(options: { actor: TActor }, database: Db = db()) {
  assertCanEdit(options.actor);
  return resumePublishing(database, { actorId: options.actor.id, kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID });
}
