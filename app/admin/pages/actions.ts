"use server";
// Page server actions: each parses its input, authenticates, authorises, then calls one lib/ use case. Module errors
// come back keyed by module index and field (`modules.2.title`), so the editor shows each next to its field.
import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { AppError, toActionError, type TActionResult } from "@/lib/errors";
import { parsePageInputOrThrow } from "@/lib/pages/clean-page-modules";
import { requestPageChange, type TPageCommandPayload } from "@/lib/pages/request-page-change";
import { requestPageCreation } from "@/lib/pages/request-page-creation";
import { requestPageRepublish, requestPageRollback, resumePagePublishing } from "@/lib/pages/request-page-publishing";
import { ZCancelPageScheduleSchema, ZCreatePageSchema, ZPageIdInputSchema, ZSchedulePageSchema, ZSetPageStatusSchema, ZUpdatePageSchema } from "@/lib/pages/schemas";
import { zonedLocalToUtc } from "@/lib/time/zoned-time";

export type TQueuedPageChange = { commandId: string; degraded: boolean };

const QUEUED_WHILE_DOWN = "Queued. The database is unreachable; it will apply when it recovers.";
const EDITOR_PATH = "/admin/pages/[slug]";

async function queuePageCommand(command: TPageCommandPayload, action: string, message: string): Promise<TActionResult<TQueuedPageChange>> {
  try {
    const user = await authorizeOrThrow("page:edit");
    const { commandId } = await requestPageChange({ actorId: user.id, command });
    revalidatePath(EDITOR_PATH, "page");
    return { ok: true, data: { commandId, degraded: user.degraded }, message: user.degraded ? QUEUED_WHILE_DOWN : message };
  } catch (error) {
    return toActionError(error, { action });
  }
}

// createPageAction – create a page (a draft) and open its editor (editor, admin)
export async function createPageAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  let slug: string;
  try {
    const input = parsePageInputOrThrow(ZCreatePageSchema, { title: formData.get("title"), slug: formData.get("slug"), description: formData.get("description") ?? "" });
    const user = await authorizeOrThrow("page:edit");
    const queued = await requestPageCreation({ actorId: user.id, input });
    if (queued.status.status === "queued") return { ok: true, data: undefined, message: `Queued: "${input.title}" will appear as soon as the database accepts it.` };
    slug = queued.slug;
  } catch (error) {
    return toActionError(error, { action: "createPage" });
  }
  revalidatePath("/admin/pages");
  redirect(`/admin/pages/${slug}`);
}

// savePageAction – queue a page's title, description and modules, based on the version the editor loaded (editor, admin)
export async function savePageAction(input: z.input<typeof ZUpdatePageSchema>): Promise<TActionResult<TQueuedPageChange>> {
  try {
    const parsed = parsePageInputOrThrow(ZUpdatePageSchema, input);
    return await queuePageCommand({ type: "page.update", input: parsed }, "savePage", "Saved: publishing if the page is live.");
  } catch (error) {
    return toActionError(error, { action: "savePage" });
  }
}

// setPageStatusAction – go live, back to draft, or archive (editor, admin)
export async function setPageStatusAction(_previous: TActionResult<TQueuedPageChange> | null, formData: FormData): Promise<TActionResult<TQueuedPageChange>> {
  const parsed = ZSetPageStatusSchema.safeParse({ pageId: formData.get("pageId"), status: formData.get("status") });
  if (!parsed.success) return toActionError(parsed.error, { action: "setPageStatus" });
  const message = parsed.data.status === "live" ? "Going live: publishing." : "Taking the page down: readers will no longer fetch it.";
  return queuePageCommand({ type: "page.set-status", input: parsed.data }, "setPageStatus", message);
}

const ZScheduleFormSchema = ZSchedulePageSchema.omit({ goLiveAt: true }).extend({
  goLiveLocal: z.string("Choose a date and time.").min(1, "Choose a date and time."),
  timeZone: z.string("Choose a time zone.").min(1, "Choose a time zone."),
});

// schedulePageAction – queue this version of the page to go live at a date and time in a chosen zone, stored in UTC (editor, admin)
export async function schedulePageAction(input: z.input<typeof ZScheduleFormSchema>): Promise<TActionResult<TQueuedPageChange>> {
  try {
    const { goLiveLocal, timeZone, ...version } = parsePageInputOrThrow(ZScheduleFormSchema, input);
    const goLiveAt = zonedLocalToUtc(goLiveLocal, timeZone);
    if (!goLiveAt) throw new AppError("invalid_input", "Choose a valid date, time and time zone.", { goLiveAt: "Choose a valid date, time and time zone." });
    const parsed = parsePageInputOrThrow(ZSchedulePageSchema, { ...version, goLiveAt: goLiveAt.toISOString() });
    return await queuePageCommand({ type: "page.schedule", scheduleId: randomUUID(), input: parsed }, "schedulePage", `Scheduled for ${goLiveAt.toUTCString()}.`);
  } catch (error) {
    return toActionError(error, { action: "schedulePage" });
  }
}

// cancelPageScheduleAction – drop a pending scheduled version (editor, admin)
export async function cancelPageScheduleAction(_previous: TActionResult<TQueuedPageChange> | null, formData: FormData): Promise<TActionResult<TQueuedPageChange>> {
  const parsed = ZCancelPageScheduleSchema.safeParse({ pageId: formData.get("pageId"), scheduleId: formData.get("scheduleId") });
  if (!parsed.success) return toActionError(parsed.error, { action: "cancelPageSchedule" });
  return queuePageCommand({ type: "page.cancel-schedule", input: parsed.data }, "cancelPageSchedule", "Schedule cancelled.");
}

// republishPageAction – re-upload both objects of the page (editor, admin)
export async function republishPageAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const pageId = ZPageIdInputSchema.parse(formData.get("pageId"));
    const user = await authorizeOrThrow("page:edit");
    await requestPageRepublish({ actorId: user.id, pageId });
    revalidatePath(EDITOR_PATH, "page");
    return { ok: true, data: undefined, message: "Republish queued." };
  } catch (error) {
    return toActionError(error, { action: "republishPage" });
  }
}

// rollbackPageAction – show readers an earlier published version; publishing pauses until resumed (editor, admin)
export async function rollbackPageAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const pageId = ZPageIdInputSchema.parse(formData.get("pageId"));
    const user = await authorizeOrThrow("page:edit");
    const { toVersion } = await requestPageRollback({ actorId: user.id, pageId, toVersion: formData.get("toVersion") });
    revalidatePath(EDITOR_PATH, "page");
    return { ok: true, data: undefined, message: `Rolling back to version ${toVersion}: readers see it within seconds. Publishing then pauses until you resume it.` };
  } catch (error) {
    return toActionError(error, { action: "rollbackPage" });
  }
}

// resumePagePublishingAction – end a rollback and publish the newest version again (editor, admin)
export async function resumePagePublishingAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const pageId = ZPageIdInputSchema.parse(formData.get("pageId"));
    const user = await authorizeOrThrow("page:edit");
    await resumePagePublishing({ actorId: user.id, pageId });
    revalidatePath(EDITOR_PATH, "page");
    return { ok: true, data: undefined, message: "Publishing resumed." };
  } catch (error) {
    return toActionError(error, { action: "resumePagePublishing" });
  }
}
