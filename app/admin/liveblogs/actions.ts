"use server";
// Live-blog server actions: each parses its input, authenticates, authorises, then calls one lib/ use case.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { toActionError, type TActionResult } from "@/lib/errors";
import { createLiveBlog } from "@/lib/liveblogs/create-liveblog";
import { postEntry } from "@/lib/liveblogs/post-entry";
import { ZCreateLiveBlogSchema, ZPostEntrySchema } from "@/lib/liveblogs/schemas";

// createLiveBlogAction – create a live blog (editor, admin)
export async function createLiveBlogAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  let slug: string;
  try {
    const input = ZCreateLiveBlogSchema.parse({ title: formData.get("title"), slug: formData.get("slug"), description: formData.get("description") ?? "" });
    const user = await authorizeOrThrow("liveblog:create");
    slug = (await createLiveBlog(db(), { actorId: user.id, input })).slug;
  } catch (error) {
    return toActionError(error, { action: "createLiveBlog" });
  }
  revalidatePath("/admin");
  redirect(`/admin/liveblogs/${slug}`);
}

// postEntryAction – post a plain-text entry to a live blog (editor, admin)
export async function postEntryAction(_previous: TActionResult<{ version: number }> | null, formData: FormData): Promise<TActionResult<{ version: number }>> {
  try {
    const input = ZPostEntrySchema.parse({ liveBlogId: formData.get("liveBlogId"), body: formData.get("body") });
    const user = await authorizeOrThrow("entry:publish");
    const { version } = await postEntry(db(), { actorId: user.id, input });
    revalidatePath("/admin/liveblogs/[slug]", "page");
    return { ok: true, data: { version }, message: "Posted. Publishing…" };
  } catch (error) {
    return toActionError(error, { action: "postEntry" });
  }
}
