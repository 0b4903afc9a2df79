// Scheduled versions of a page: an editor queues a title, description and modules to go live at a time; the
// scheduler (run-page-scheduler.ts) copies a due one into the page, makes the page live, and publishes it.
import type { Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { parsePageInputOrThrow } from "./clean-page-modules";
import { bumpPageVersion, checkPageModulesInTx } from "./page-rows";
import { ZCancelPageScheduleSchema, ZSchedulePageSchema } from "./schemas";

export async function schedulePageInTx(tx: Prisma.TransactionClient, options: { actorId: string; scheduleId: string; input: unknown }) {
  const input = parsePageInputOrThrow(ZSchedulePageSchema, options.input);
  const bumped = await bumpPageVersion(tx, input.pageId);
  const modules = await checkPageModulesInTx(tx, input.modules);
  await tx.pageSchedule.create({
    data: { id: options.scheduleId, pageId: bumped.id, title: input.title, description: input.description, modules: modules as Prisma.InputJsonValue, goLiveAt: new Date(input.goLiveAt), createdById: options.actorId },
  });
  await recordAudit(tx, { actorId: options.actorId, action: "page.schedule", subjectType: "page", subjectId: bumped.id, details: { slug: bumped.slug, scheduleId: options.scheduleId, goLiveAt: new Date(input.goLiveAt).toISOString() } });
  await enqueuePublish(tx, { documentType: "page", documentId: bumped.id, version: bumped.version });
  return { version: bumped.version };
}

export async function cancelPageScheduleInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = parsePageInputOrThrow(ZCancelPageScheduleSchema, options.input);
  const bumped = await bumpPageVersion(tx, input.pageId);
  // Only a pending schedule of this page; the scheduler locks the row it applies, so the two cannot both win.
  const cancelled = await tx.$executeRaw`
    UPDATE page_schedules SET status = 'cancelled' WHERE id = ${input.scheduleId}::uuid AND page_id = ${bumped.id}::uuid AND status = 'scheduled'`;
  if (cancelled === 0) throw new AppError("conflict", "This schedule already went live or was cancelled.");
  await recordAudit(tx, { actorId: options.actorId, action: "page.cancel-schedule", subjectType: "page", subjectId: bumped.id, details: { slug: bumped.slug, scheduleId: input.scheduleId } });
  await enqueuePublish(tx, { documentType: "page", documentId: bumped.id, version: bumped.version });
  return { version: bumped.version };
}

type TDueSchedule = { id: string; pageId: string; title: string; description: string; modules: Prisma.JsonValue; createdById: string; role: Role; disabled: boolean };

/** The scheduler's step: applies one due schedule (as its creator), or drops it when its creator may no longer edit
 * pages; null when none is due. */
export async function applyDuePageScheduleInTx(tx: Prisma.TransactionClient, now: Date): Promise<{ scheduleId: string; pageId: string; outcome: "applied" | "dropped"; version: number | null } | null> {
  const [due] = await tx.$queryRaw<TDueSchedule[]>`
    SELECT s.id::text AS id, s.page_id::text AS "pageId", s.title, s.description, s.modules, s.created_by_id::text AS "createdById", u.role, u.disabled
    FROM page_schedules s JOIN users u ON u.id = s.created_by_id
    WHERE s.status = 'scheduled' AND s.go_live_at <= ${now}
    ORDER BY s.go_live_at, s.id LIMIT 1 FOR UPDATE OF s SKIP LOCKED`;
  if (!due) return null;
  if (due.disabled || !can(due.role, "page:edit")) {
    // Never publish in the name of someone who can no longer edit pages.
    await tx.$executeRaw`UPDATE page_schedules SET status = 'cancelled' WHERE id = ${due.id}::uuid`;
    await recordAudit(tx, { actorId: null, action: "page.schedule-dropped", subjectType: "page", subjectId: due.pageId, details: { scheduleId: due.id, reason: "its creator can no longer edit pages" } });
    return { scheduleId: due.id, pageId: due.pageId, outcome: "dropped", version: null };
  }
  const bumped = await bumpPageVersion(tx, due.pageId);
  await tx.page.update({ where: { id: bumped.id }, data: { title: due.title, description: due.description, modules: due.modules as Prisma.InputJsonValue, status: "live" } });
  await tx.$executeRaw`UPDATE page_schedules SET status = 'applied', applied_at = ${now} WHERE id = ${due.id}::uuid`;
  await recordAudit(tx, { actorId: due.createdById, action: "page.schedule-applied", subjectType: "page", subjectId: bumped.id, details: { slug: bumped.slug, scheduleId: due.id, version: bumped.version, by: "scheduler" } });
  await enqueuePublish(tx, { documentType: "page", documentId: bumped.id, version: bumped.version });
  return { scheduleId: due.id, pageId: bumped.id, outcome: "applied", version: bumped.version };
}
