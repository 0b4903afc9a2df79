"use server";
// Reader-question server actions: each parses its input, authenticates, authorises, then calls one lib/ use case.
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { toActionError, type TActionResult } from "@/lib/errors";
import { requestQuestionChange } from "@/lib/questions/request-question-change";
import { answerTextToHtml } from "@/lib/questions/answer-text-to-html";
import { ZAnswerQuestionSchema, ZModerateQuestionSchema, ZQuestionSettingsSchema } from "@/lib/questions/schemas";
import { MAX_ANSWER_LENGTH } from "@/lib/questions/constants";

export type TQueuedQuestionChange = { commandId: string; degraded: boolean };

const QUEUED_WHILE_DOWN = "Queued. The database is unreachable; it will apply when it recovers.";

// moderateQuestionAction – approve, reject or mark a question as spam (editor, admin)
export async function moderateQuestionAction(_previous: TActionResult<TQueuedQuestionChange> | null, formData: FormData): Promise<TActionResult<TQueuedQuestionChange>> {
  try {
    const input = ZModerateQuestionSchema.parse({ liveBlogId: formData.get("liveBlogId"), questionId: formData.get("questionId"), decision: formData.get("decision") });
    const user = await authorizeOrThrow("question:moderate");
    const { commandId } = await requestQuestionChange({ actor: user, command: { type: "question.moderate", input } });
    const done = { approve: "Approved: it will be published with the blog.", reject: "Rejected.", spam: "Marked as spam." }[input.decision];
    return { ok: true, data: { commandId, degraded: user.degraded }, message: user.degraded ? QUEUED_WHILE_DOWN : done };
  } catch (error) {
    return toActionError(error, { action: "moderateQuestion" });
  }
}

// answerQuestionAction – post an entry quoting the question, with the editor's answer as text (editor, admin)
export async function answerQuestionAction(_previous: TActionResult<TQueuedQuestionChange> | null, formData: FormData): Promise<TActionResult<TQueuedQuestionChange>> {
  try {
    const answer = String(formData.get("answer") ?? "");
    const input = ZAnswerQuestionSchema.parse({ liveBlogId: formData.get("liveBlogId"), questionId: formData.get("questionId"), body: answerTextToHtml(answer), kind: formData.get("kind") || "post" });
    const user = await authorizeOrThrow("question:moderate");
    const { commandId } = await requestQuestionChange({ actor: user, command: { type: "question.answer", input } });
    return { ok: true, data: { commandId, degraded: user.degraded }, message: user.degraded ? QUEUED_WHILE_DOWN : "Answer queued: it is posted as an entry quoting the question." };
  } catch (error) {
    const result = toActionError(error, { action: "answerQuestion" });
    // The form's field is `answer`; the entry's is `body`.
    if (result.fieldErrors.body) {
      // The moderator types text; its length limit is on the HTML it becomes (line breaks and quotes count extra).
      const answerError = result.fieldErrors.body.startsWith("An answer must be at most") ? `The answer is too long: at most ${MAX_ANSWER_LENGTH.toLocaleString("en-US")} characters, counting line breaks and quotation marks as several.` : result.fieldErrors.body.replace("Entry text", "The answer");
      result.fieldErrors = { ...result.fieldErrors, answer: answerError };
    }
    return result;
  }
}

// saveQuestionSettingsAction – the "Reader questions" switch and allowed origins (liveblog:edit)
export async function saveQuestionSettingsAction(_previous: TActionResult<TQueuedQuestionChange> | null, formData: FormData): Promise<TActionResult<TQueuedQuestionChange>> {
  try {
    const origins = String(formData.get("origins") ?? "")
      .split(/[\s,]+/)
      .map((origin) => origin.trim())
      .filter(Boolean);
    const input = ZQuestionSettingsSchema.parse({ liveBlogId: formData.get("liveBlogId"), enabled: formData.get("enabled") === "on", origins });
    const user = await authorizeOrThrow("liveblog:edit");
    const { commandId } = await requestQuestionChange({ actor: user, command: { type: "liveblog.questions", input } });
    return { ok: true, data: { commandId, degraded: user.degraded }, message: user.degraded ? QUEUED_WHILE_DOWN : input.enabled ? "Saved: readers can ask questions once it is published." : "Saved: questions are switched off." };
  } catch (error) {
    return toActionError(error, { action: "saveQuestionSettings" });
  }
}
