"use client";
import { useState } from "react";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { createPageAction } from "../actions";

function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

export function NewPageForm() {
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(createPageAction);
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack narrow" noValidate aria-label="New page">
      <FormError state={state} />
      <label>
        Title
        <input name="title" required maxLength={200} autoFocus aria-invalid={Boolean(fieldErrors.title)} aria-describedby="title-error" onChange={(event) => !slugEdited && setSlug(slugify(event.target.value))} />
        <FieldError id="title-error" message={fieldErrors.title} />
      </label>
      <label>
        Slug <span className="muted">(the public address: pages/&lt;slug&gt;/; it cannot be changed later)</span>
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
        Description <span className="muted">(for search engines and link previews)</span>
        <textarea name="description" rows={3} maxLength={1000} aria-invalid={Boolean(fieldErrors.description)} aria-describedby="description-error" />
        <FieldError id="description-error" message={fieldErrors.description} />
      </label>
      <p className="muted small">The page starts as a draft: add modules, then click “Go live”. Nothing is public before that.</p>
      <button type="submit" disabled={pending}>{pending ? "Creating…" : "Create page"}</button>
    </form>
  );
}
