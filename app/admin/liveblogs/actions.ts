"use server";
// Live-blog server actions: each parses its input, authenticates, authorises, then calls one lib/ use case.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { toActionError, type TActionResult } from "@/lib/errors";
import { queueEntry } from "@/lib/commands/queue-entry";
import { queueLiveBlog } from "@/lib/commands/queue-liveblog";
import { getQueue } from "@/lib/queue/get-queue";
import { ZCreateLiveBlogSchema, ZLiveBlogIdSchema, ZPostEntrySchema } from "@/lib/liveblogs/schemas";

export type TQueuedEntry = { commandId: string; entryId: string; body: string; degraded: boolean };
import { getPublisher } from "@/lib/publishing/get-publisher";
import { requestRepublish } from "@/lib/publishing/request-republish";
import { resumePublishing, rollbackLiveBlog, ZRollbackSchema } from "@/lib/publishing/rollback-liveblog";

// createLiveBlogAction – create a live blog (editor, admin)
export async function createLiveBlogAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  let slug: string;
  try {
    const input = ZCreateLiveBlogSchema.parse({ title: formData.get("title"), slug: formData.get("slug"), description: formData.get("description") ?? "" });
    const user = await authorizeOrThrow("liveblog:create");
    const queued = await queueLiveBlog(db(), getQueue(), { actorId: user.id, input });
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

// postEntryAction – queue a plain-text entry for a live blog (editor, admin); answers as soon as it is durable
export async function postEntryAction(_previous: TActionResult<TQueuedEntry> | null, formData: FormData): Promise<TActionResult<TQueuedEntry>> {
  try {
    const input = ZPostEntrySchema.parse({ liveBlogId: formData.get("liveBlogId"), body: formData.get("body") });
    const user = await authorizeOrThrow("entry:publish");
    const { commandId, entryId } = await queueEntry(getQueue(), { actorId: user.id, input });
    return { ok: true, data: { commandId, entryId, body: input.body, degraded: user.degraded }, message: user.degraded ? "Queued. The database is unreachable; it will publish when it recovers." : "Queued. Publishing…" };
  } catch (error) {
    return toActionError(error, { action: "postEntry" });
  }
}

// republishAction – re-upload every page and the head of a live blog (editor, admin)
export async function republishAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const liveBlogId = ZLiveBlogIdSchema.parse(formData.get("liveBlogId"));
    const user = await authorizeOrThrow("liveblog:edit");
    await requestRepublish(db(), { actorId: user.id, liveBlogId });
    revalidatePath("/admin/liveblogs/[slug]", "page");
    return { ok: true, data: undefined, message: "Republish queued." };
  } catch (error) {
    return toActionError(error, { action: "republish" });
  }
}

// rollbackAction – point the head at an earlier published version and pause publishing (editor, admin)
export async function rollbackAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const input = ZRollbackSchema.parse({ liveBlogId: formData.get("liveBlogId"), toVersion: formData.get("toVersion") });
    const user = await authorizeOrThrow("liveblog:edit");
    const { toVersion } = await rollbackLiveBlog(db(), { actorId: user.id, input, publisher: getPublisher() });
    revalidatePath("/admin/liveblogs/[slug]", "page");
    return { ok: true, data: undefined, message: `Readers now see version ${toVersion}. Publishing is paused until you resume it.` };
  } catch (error) {
    return toActionError(error, { action: "rollback" });
  }
}

// resumePublishingAction – end a rollback and publish the newest content again (editor, admin)
export async function resumePublishingAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const liveBlogId = ZLiveBlogIdSchema.parse(formData.get("liveBlogId"));
    const user = await authorizeOrThrow("liveblog:edit");
    await resumePublishing(db(), { actorId: user.id, liveBlogId });
    revalidatePath("/admin/liveblogs/[slug]", "page");
    return { ok: true, data: undefined, message: "Publishing resumed." };
  } catch (error) {
    return toActionError(error, { action: "resumePublishing" });
  }
}
