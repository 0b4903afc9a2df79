"use client";
import { useState } from "react";
import { useFormAction } from "@/app/components/use-form-action";
import { createLiveBlogAction } from "../actions";
import { FieldError, FormError } from "@/app/components/form-messages";

function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

export function NewLiveBlogForm() {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(createLiveBlogAction);
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate>
      <FormError state={state} />
      <label>
        Title
        <input
          name="title"
          required
          maxLength={200}
          autoFocus
          aria-invalid={Boolean(fieldErrors.title)}
          aria-describedby="title-error"
          onChange={(event) => {
            if (!slugEdited) setSlug(slugify(event.target.value));
          }}
        />
        <FieldError id="title-error" message={fieldErrors.title} />
      </label>
      <label>
        Slug <span className="muted">(in the published URL: liveblogs/&lt;slug&gt;/latest.json)</span>
        <input
          name="slug"
          required
          value={slug}
          onChange={(event) => {
            setSlugEdited(true);
            setSlug(event.target.value);
          }}
          aria-invalid={Boolean(fieldErrors.slug)}
          aria-describedby="slug-error"
        />
        <FieldError id="slug-error" message={fieldErrors.slug} />
      </label>
      <label>
        Description
        <textarea name="description" rows={3} maxLength={1000} aria-invalid={Boolean(fieldErrors.description)} aria-describedby="description-error" />
        <FieldError id="description-error" message={fieldErrors.description} />
      </label>
      <label className="checkbox">
        <input type="checkbox" name="status" value="live" aria-describedby="status-hint" />
        Go live now
      </label>
      <span id="status-hint" className="muted small">
        Unticked, the live blog starts as a draft: nothing is public until you click “Go live” on its page.
      </span>
      <FieldError id="status-error" message={fieldErrors.status} />
      <button type="submit" disabled={pending}>{pending ? "Creating…" : "Create live blog"}</button>
    </form>
  );
}
