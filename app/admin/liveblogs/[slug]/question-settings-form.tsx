"use client";
// The "Reader questions" switch and the public origins allowed to send questions (liveblog:edit).
import { saveQuestionSettingsAction } from "./questions/actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";

export function QuestionSettingsForm({ liveBlogId, enabled, origins, publicOrigin }: { liveBlogId: string; enabled: boolean; origins: string[]; publicOrigin: string }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(saveQuestionSettingsAction);
  const originsError = fieldErrors.origins;
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate aria-label="Reader questions">
      <h3>Reader questions</h3>
      <input type="hidden" name="liveBlogId" value={liveBlogId} />
      <div className="field">
        <label>
          <input type="checkbox" name="enabled" defaultChecked={enabled} /> Readers can ask questions (an &ldquo;Ask a question&rdquo; form in the widget while the blog is live)
        </label>
      </div>
      <div className="field">
        <label htmlFor="question-origins">Sites that embed this blog (one origin per line)</label>
        <textarea id="question-origins" name="origins" rows={3} defaultValue={origins.join("\n")} placeholder="https://www.example.com" aria-invalid={Boolean(originsError)} aria-describedby={`question-origins-help${originsError ? " question-origins-error" : ""}`} />
        <span id="question-origins-help" className="muted small">Questions are accepted only from pages on these origins and from the blog&rsquo;s own page ({publicOrigin}).</span>
        <FieldError id="question-origins-error" message={originsError} />
      </div>
      <div className="row">
        <button type="submit" disabled={pending}>{pending ? "Saving…" : "Save question settings"}</button>
      </div>
      <FormError state={state} />
    </form>
  );
}
