"use server";
// Banner server actions: each parses its input, authenticates, authorises, then calls one lib/ use case. Writes are
// queued: the caller gets the command id back and shows "queued" until a worker has applied it.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { AppError, toActionError, type TActionResult } from "@/lib/errors";
import { requestBannerChange, type TBannerCommand } from "@/lib/banners/request-banner-change";
import { requestBannerSetRepublish, requestBannerSetRollback, resumeBannerSetPublishing } from "@/lib/banners/request-banner-set-publishing";
import { ZCreateBannerSchema, ZDeleteBannerSchema, ZDuplicateBannerSchema, ZSetBannerStatusSchema, ZUpdateBannerSchema } from "@/lib/banners/schemas";
import { isValidTimeZone, zonedLocalToUtc } from "@/lib/time/zoned-time";

export type TQueuedBannerChange = { commandId: string; bannerId: string | null; degraded: boolean };

const QUEUED_WHILE_DOWN = "Queued. The database is unreachable; the change applies when it recovers.";

/** "OH, pa  ny" or "432 43085,44" -> a list (commas, spaces or new lines separate items). */
function listOf(value: FormDataEntryValue | null): string[] {
  return String(value ?? "")
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A datetime-local value in the chosen zone -> an ISO instant; a field error (named after the instant) when unusable. */
function instantOf(formData: FormData, field: "startsAt" | "endsAt", timeZone: string): string | null {
  const local = String(formData.get(`${field}Local`) ?? "").trim();
  if (!local) return null;
  // An unknown zone: the schema's error names the timeZone field.
  if (!isValidTimeZone(timeZone)) return null;
  const iso = zonedLocalToUtc(local, timeZone)?.toISOString() ?? null;
  if (iso === null) throw new AppError("invalid_input", "Please correct the highlighted fields.", { [field]: `${field === "startsAt" ? "Start" : "End"} must be a date and time.` });
  return iso;
}

/** The banner form's fields as the schemas take them. */
function bannerFieldsFrom(formData: FormData) {
  const timeZone = String(formData.get("timeZone") ?? "UTC");
  const placements = [...formData.getAll("placement").map(String), ...listOf(formData.get("otherPlacements"))];
  return {
    messageHtml: formData.get("messageHtml") ?? "",
    ctaLabel: formData.get("ctaLabel") ?? "",
    ctaUrl: formData.get("ctaUrl") ?? "",
    severity: formData.get("severity") ?? "info",
    placements,
    targeting: formData.get("targeting") ?? "everyone",
    states: formData.getAll("states").length > 0 ? formData.getAll("states").map(String) : listOf(formData.get("statesText")),
    zipPrefixes: listOf(formData.get("zipPrefixes")),
    startsAt: instantOf(formData, "startsAt", timeZone),
    endsAt: instantOf(formData, "endsAt", timeZone),
    timeZone,
    priority: formData.get("priority") === "" || formData.get("priority") === null ? 0 : formData.get("priority"),
    dismissible: formData.get("dismissible") === "on",
  };
}

async function queueBannerCommand(command: TBannerCommand, action: string, message: string): Promise<TActionResult<TQueuedBannerChange>> {
  try {
    const user = await authorizeOrThrow("banner:edit");
    const { commandId, bannerId } = await requestBannerChange({ actor: { id: user.id, role: user.role }, command });
    revalidatePath("/admin/banners");
    return { ok: true, data: { commandId, bannerId, degraded: user.degraded }, message: user.degraded ? QUEUED_WHILE_DOWN : message };
  } catch (error) {
    return toActionError(error, { action });
  }
}

// saveBannerAction – create a banner, or replace an existing one's fields; "Save as draft" or "Publish" (editor, admin)
export async function saveBannerAction(_previous: TActionResult<TQueuedBannerChange> | null, formData: FormData): Promise<TActionResult<TQueuedBannerChange>> {
  try {
    const publish = formData.get("intent") === "publish";
    const fields = bannerFieldsFrom(formData);
    const bannerId = String(formData.get("bannerId") ?? "");
    if (!bannerId) {
      const input = ZCreateBannerSchema.parse({ ...fields, status: publish ? "published" : "draft" });
      return queueBannerCommand({ type: "banner.create", input }, "createBanner", publish ? "Queued: the banner is created and published." : "Queued: the banner is saved as a draft.");
    }
    const expected = Number(formData.get("expectedVersion"));
    const input = ZUpdateBannerSchema.parse({ ...fields, bannerId, expectedVersion: Number.isInteger(expected) && expected > 0 ? expected : undefined, status: publish ? "published" : undefined });
    return queueBannerCommand({ type: "banner.update", input }, "updateBanner", publish ? "Queued: saved and published." : "Queued: saved.");
  } catch (error) {
    return toActionError(error, { action: "saveBanner" });
  }
}

const ZBannerActionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("duplicate"), input: ZDuplicateBannerSchema }),
  z.object({ kind: z.literal("status"), input: ZSetBannerStatusSchema }),
  z.object({ kind: z.literal("delete"), input: ZDeleteBannerSchema }),
]);

// bannerQuickAction – duplicate, publish, return to draft, archive, end now or delete a banner (editor, admin)
export async function bannerQuickAction(request: z.input<typeof ZBannerActionSchema>): Promise<TActionResult<TQueuedBannerChange>> {
  const parsed = ZBannerActionSchema.safeParse(request);
  if (!parsed.success) return toActionError(parsed.error, { action: "bannerQuickAction" });
  const { data } = parsed;
  if (data.kind === "duplicate") return queueBannerCommand({ type: "banner.duplicate", input: data.input }, "duplicateBanner", "Queued: the copy appears as a draft.");
  if (data.kind === "delete") return queueBannerCommand({ type: "banner.delete", input: data.input }, "deleteBanner", "Queued: the banner is deleted and leaves the published set.");
  const message = data.input.endNow ? "Queued: the banner ends now." : `Queued: the banner becomes ${data.input.status}.`;
  return queueBannerCommand({ type: "banner.set-status", input: data.input }, "setBannerStatus", message);
}

// republishBannersAction – re-upload banners/latest.json (editor, admin)
export async function republishBannersAction(): Promise<TActionResult> {
  try {
    const user = await authorizeOrThrow("banner:edit");
    await requestBannerSetRepublish({ actor: { id: user.id, role: user.role } });
    revalidatePath("/admin/banners");
    return { ok: true, data: undefined, message: "Republish queued." };
  } catch (error) {
    return toActionError(error, { action: "republishBanners" });
  }
}

// rollbackBannersAction – show readers an earlier published version of the banners and pause publishing (editor, admin)
export async function rollbackBannersAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const user = await authorizeOrThrow("banner:edit");
    const { toVersion } = await requestBannerSetRollback({ actor: { id: user.id, role: user.role }, toVersion: formData.get("toVersion") });
    revalidatePath("/admin/banners");
    return { ok: true, data: undefined, message: `Rolling back to version ${toVersion} (deleted banners stay deleted). Publishing then pauses until you resume it.` };
  } catch (error) {
    return toActionError(error, { action: "rollbackBanners" });
  }
}

// resumeBannersAction – end a rollback and publish the current banners again (editor, admin)
export async function resumeBannersAction(): Promise<TActionResult> {
  try {
    const user = await authorizeOrThrow("banner:edit");
    await resumeBannerSetPublishing({ actor: { id: user.id, role: user.role } });
    revalidatePath("/admin/banners");
    return { ok: true, data: undefined, message: "Publishing resumed." };
  } catch (error) {
    return toActionError(error, { action: "resumeBanners" });
  }
}
