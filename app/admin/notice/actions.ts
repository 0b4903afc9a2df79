"use server";
// Emergency-notice server action (admins): works while Postgres is down (the session is read from its cookie, the
// notice is queued and written straight to the publish target).
import { revalidatePath } from "next/cache";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { issueEmergencyNotice } from "@/lib/banners/emergency-notice";
import { ZIssueNoticeSchema } from "@/lib/banners/notice-schemas";
import { toActionError, type TActionResult } from "@/lib/errors";

export type TIssuedNoticeResult = { commandId: string; issuedAt: string; cleared: boolean; skippedForNewer: boolean };

// issueNoticeAction – publish the notice, or clear it with intent=clear (admin)
export async function issueNoticeAction(_previous: TActionResult<TIssuedNoticeResult> | null, formData: FormData): Promise<TActionResult<TIssuedNoticeResult>> {
  try {
    const clearing = formData.get("intent") === "clear";
    const input = ZIssueNoticeSchema.parse({ message: clearing ? "" : formData.get("message") });
    if (!clearing && input.message === "") {
      return { ok: false, code: "invalid_input", error: "Please correct the highlighted field: message.", fieldErrors: { message: "Write the notice, or use Clear notice to remove the current one." } };
    }
    const user = await authorizeOrThrow("notice:publish");
    const issued = await issueEmergencyNotice({ actorId: user.id, input });
    revalidatePath("/admin/notice");
    const message = issued.skippedForNewer
      ? "A newer notice is already published; yours is recorded in the history but not shown."
      : clearing
        ? "Notice cleared. Readers stop seeing it within seconds."
        : `Notice published. Readers see it within seconds.${user.degraded ? " The database is unreachable: it will be recorded when it is back." : ""}`;
    return { ok: true, data: { commandId: issued.commandId, issuedAt: issued.issuedAt, cleared: clearing, skippedForNewer: issued.skippedForNewer }, message };
  } catch (error) {
    return toActionError(error, { action: "issueNotice" });
  }
}
