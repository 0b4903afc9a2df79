"use server";
// Live-blog server actions: each parses its input, authenticates, authorises, then calls one lib/ use case.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { toActionError, type TActionResult } from "@/lib/errors";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { entryPlainText } from "@/lib/content/sanitize-entry-html";
import { ZDeleteEntrySchema, ZEditEntrySchema } from "@/lib/liveblogs/change-entry";
import { requestEntryPost } from "@/lib/liveblogs/request-entry-post";
import { requestLiveBlogChange } from "@/lib/liveblogs/request-liveblog-change";
import { requestLiveBlogCreation } from "@/lib/liveblogs/request-liveblog-creation";
import { requestLiveBlogRepublish } from "@/lib/liveblogs/request-liveblog-republish";
import { requestLiveBlogRollback } from "@/lib/liveblogs/request-liveblog-rollback";
import { resumeLiveBlogPublishing } from "@/lib/liveblogs/resume-liveblog-publishing";
import {
  ZCreateLiveBlogSchema,
  ZDiscardDraftSchema,
  ZLiveBlogIdSchema,
  ZPinEntrySchema,
  ZPostEntrySchema,
  ZReviewDraftSchema,
  ZSaveDraftSchema,
  ZScheduleEntrySchema,
  ZUpdateLiveBlogSchema,
} from "@/lib/liveblogs/schemas";

export type TQueuedEntry = { commandId: string; entryId: string; body: string; degraded: boolean; scheduledAt?: string };
export type TQueuedChange = { commandId: string; degraded: boolean };

const QUEUED_WHILE_DOWN = "Queued. The database is unreachable; it will apply when it recovers.";

// createLiveBlogAction – create a live blog (editor, admin)
export async function createLiveBlogAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  let slug: string;
  try {
    const input = ZCreateLiveBlogSchema.parse({ title: formData.get("title"), slug: formData.get("slug"), description: formData.get("description") ?? "", status: formData.get("status") ?? undefined });
    const user = await authorizeOrThrow("liveblog:create");
    const queued = await requestLiveBlogCreation({ actorId: user.id, input });
    if (queued.status.status === "queued") {
      return { ok: true, data: undefined, message: `Queued: "${input.title}" will appear as soon as the database accepts it.` };
    }
    slug = queued.slug;
  } catch (error) {
    return toActionError(error, { action: "createLiveBlog" });
  }
  revalidatePath("/admin");
  redirect(`/admin/liveblogs/${slug}`);
}

// postEntryAction – queue an entry (rich-text HTML, post or key event), or schedule it when scheduledAt is given (editor, admin)
export async function postEntryAction(_previous: TActionResult<TQueuedEntry> | null, formData: FormData): Promise<TActionResult<TQueuedEntry>> {
  try {
    const scheduledAt = String(formData.get("scheduledAt") ?? "");
    const fields = { liveBlogId: formData.get("liveBlogId"), body: formData.get("body"), kind: formData.get("kind") || "post" };
    if (scheduledAt) {
      const input = ZScheduleEntrySchema.parse({ ...fields, draftId: randomUUID(), scheduledAt });
      const user = await authorizeOrThrow("entry:publish");
      const { commandId } = await requestLiveBlogChange({ actorId: user.id, command: { type: "draft.schedule", input } });
      return { ok: true, data: { commandId, entryId: input.draftId, body: entryPlainText(input.body), degraded: user.degraded, scheduledAt }, message: `Scheduled for ${new Date(scheduledAt).toUTCString()}.` };
    }
    const input = ZPostEntrySchema.parse(fields);
    const user = await authorizeOrThrow("entry:publish");
    const { commandId, entryId } = await requestEntryPost({ actorId: user.id, input });
    return { ok: true, data: { commandId, entryId, body: entryPlainText(input.body), degraded: user.degraded }, message: user.degraded ? "Queued. The database is unreachable; it will publish when it recovers." : "Queued. Publishing…" };
  } catch (error) {
    return toActionError(error, { action: "postEntry" });
  }
}

async function queueAs(permission: Parameters<typeof authorizeOrThrow>[0], command: Parameters<typeof requestLiveBlogChange>[0]["command"], action: string, message: string): Promise<TActionResult<TQueuedChange>> {
  try {
    const user = await authorizeOrThrow(permission);
    const { commandId } = await requestLiveBlogChange({ actorId: user.id, command });
    return { ok: true, data: { commandId, degraded: user.degraded }, message: user.degraded ? QUEUED_WHILE_DOWN : message };
  } catch (error) {
    return toActionError(error, { action });
  }
}

// editEntryAction – queue an edit of a published entry, based on the version the editor saw (editor, admin)
export async function editEntryAction(input: z.input<typeof ZEditEntrySchema>): Promise<TActionResult<TQueuedChange>> {
  const parsed = ZEditEntrySchema.safeParse(input);
  if (!parsed.success) return toActionError(parsed.error, { action: "editEntry" });
  return queueAs("entry:publish", { type: "entry.update", input: parsed.data }, "editEntry", "Edit queued.");
}

// deleteEntryAction – queue the deletion of an entry, based on the version the editor saw (editor, admin)
export async function deleteEntryAction(input: z.input<typeof ZDeleteEntrySchema>): Promise<TActionResult<TQueuedChange>> {
  const parsed = ZDeleteEntrySchema.safeParse(input);
  if (!parsed.success) return toActionError(parsed.error, { action: "deleteEntry" });
  return queueAs("entry:publish", { type: "entry.delete", input: parsed.data }, "deleteEntry", "Delete queued.");
}

// pinEntryAction – pin one entry above the stream, or unpin with entryId null (editor, admin)
export async function pinEntryAction(input: z.input<typeof ZPinEntrySchema>): Promise<TActionResult<TQueuedChange>> {
  const parsed = ZPinEntrySchema.safeParse(input);
  if (!parsed.success) return toActionError(parsed.error, { action: "pinEntry" });
  return queueAs("entry:publish", { type: "liveblog.pin", input: parsed.data }, "pinEntry", parsed.data.entryId ? "Pin queued." : "Unpin queued.");
}

// saveDraftAction – save (and optionally submit for review) a draft (contributor, editor, admin)
export async function saveDraftAction(input: z.input<typeof ZSaveDraftSchema>): Promise<TActionResult<TQueuedChange>> {
  const parsed = ZSaveDraftSchema.safeParse(input);
  if (!parsed.success) return toActionError(parsed.error, { action: "saveDraft" });
  return queueAs("entry:draft", { type: "draft.save", input: parsed.data }, "saveDraft", parsed.data.submit ? "Submitted for review." : "Draft saved.");
}

// reviewDraftAction – approve a submitted draft (it is published) or send it back with a note (editor, admin)
export async function reviewDraftAction(input: z.input<typeof ZReviewDraftSchema>): Promise<TActionResult<TQueuedChange>> {
  const parsed = ZReviewDraftSchema.safeParse(input);
  if (!parsed.success) return toActionError(parsed.error, { action: "reviewDraft" });
  return queueAs("entry:review", { type: "draft.review", input: parsed.data }, "reviewDraft", parsed.data.decision === "approve" ? "Approved: publishing." : "Sent back to its author.");
}

// discardDraftAction – withdraw a draft or a scheduled entry (its author, or an editor)
export async function discardDraftAction(input: z.input<typeof ZDiscardDraftSchema>): Promise<TActionResult<TQueuedChange>> {
  const parsed = ZDiscardDraftSchema.safeParse(input);
  if (!parsed.success) return toActionError(parsed.error, { action: "discardDraft" });
  return queueAs("entry:draft", { type: "draft.discard", input: parsed.data }, "discardDraft", "Discarded.");
}

// updateLiveBlogAction – change coverage status (go live, end, back to draft) and optionally title and description (editor, admin)
export async function updateLiveBlogAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  // Title and description are left out by one-click status changes ("Go live"), which then change only the status.
  const parsed = ZUpdateLiveBlogSchema.safeParse({ liveBlogId: formData.get("liveBlogId"), title: formData.get("title") ?? undefined, description: formData.get("description") ?? undefined, status: formData.get("status") });
  if (!parsed.success) return toActionError(parsed.error, { action: "updateLiveBlog" });
  const message = parsed.data.status === "draft" ? "Saved as a draft: readers can no longer fetch it." : parsed.data.title === undefined && parsed.data.status === "live" ? "Going live: publishing." : "Settings saved: publishing.";
  const result = await queueAs("liveblog:edit", { type: "liveblog.update", input: parsed.data }, "updateLiveBlog", message);
  if (result.ok) revalidatePath("/admin/liveblogs/[slug]", "page");
  return result.ok ? { ok: true, data: undefined, message: result.message } : result;
}

// republishAction – re-upload every page and the head of a live blog (editor, admin)
export async function republishAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const liveBlogId = ZLiveBlogIdSchema.parse(formData.get("liveBlogId"));
    const user = await authorizeOrThrow("liveblog:edit");
    await requestLiveBlogRepublish({ actorId: user.id, liveBlogId });
    revalidatePath("/admin/liveblogs/[slug]", "page");
    return { ok: true, data: undefined, message: "Republish queued." };
  } catch (error) {
    return toActionError(error, { action: "republish" });
  }
}

// rollbackAction – point the head at an earlier published version and pause publishing (editor, admin)
export async function rollbackAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const liveBlogId = ZLiveBlogIdSchema.parse(formData.get("liveBlogId"));
    const user = await authorizeOrThrow("liveblog:edit");
    const { toVersion } = await requestLiveBlogRollback({ actorId: user.id, liveBlogId, toVersion: formData.get("toVersion") });
    revalidatePath("/admin/liveblogs/[slug]", "page");
    return { ok: true, data: undefined, message: `Rolling back to version ${toVersion}: readers see it within seconds. Publishing then pauses until you resume it.` };
  } catch (error) {
    return toActionError(error, { action: "rollback" });
  }
}

// resumePublishingAction – end a rollback and publish the newest content again (editor, admin)
export async function resumePublishingAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const liveBlogId = ZLiveBlogIdSchema.parse(formData.get("liveBlogId"));
    const user = await authorizeOrThrow("liveblog:edit");
    await resumeLiveBlogPublishing({ actorId: user.id, liveBlogId });
    revalidatePath("/admin/liveblogs/[slug]", "page");
    return { ok: true, data: undefined, message: "Publishing resumed." };
  } catch (error) {
    return toActionError(error, { action: "resumePublishing" });
  }
}
