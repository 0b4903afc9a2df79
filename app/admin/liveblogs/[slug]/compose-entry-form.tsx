"use client";
import type { KeyboardEvent } from "react";
import { postEntryAction } from "../actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { MAX_ENTRY_LENGTH } from "@/lib/liveblogs/schemas";

export function ComposeEntryForm({ liveBlogId }: { liveBlogId: string }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(postEntryAction, { resetOnSuccess: true });
  // Ctrl/Cmd+Enter posts, as in every newsroom tool.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };
  return (
    <form ref={formRef} onSubmit={onSubmit} className="compose stack" noValidate aria-label="Compose an entry">
      <input type="hidden" name="liveBlogId" value={liveBlogId} />
      <label>
        New entry
        <textarea
          name="body"
          rows={4}
          maxLength={MAX_ENTRY_LENGTH}
          placeholder="What's happening? (Ctrl+Enter to post)"
          onKeyDown={onKeyDown}
          aria-invalid={Boolean(fieldErrors.body)}
          aria-describedby="body-error"
        />
        <FieldError id="body-error" message={fieldErrors.body} />
      </label>
      <div className="row">
        <button type="submit" disabled={pending}>{pending ? "Posting…" : "Post entry"}</button>
        <FormError state={state} />
      </div>
    </form>
  );
}
