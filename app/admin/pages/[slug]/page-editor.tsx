"use client";
// The page editor: an ordered list of modules edited in place (add by type, move up/down with buttons, remove), Save,
// the status buttons, and "Schedule this version". Errors from the server come back keyed `modules.<index>.<field>`
// and are shown next to that field. Changes are queued; the page refreshes until the worker has applied them.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { FieldError } from "@/app/components/form-messages";
import type { TActionResult } from "@/lib/errors";
import { MODULE_TYPE_LABELS, MODULE_TYPES, MAX_PAGE_MODULES, type TModuleType, type TPageModule, type TPageStatus } from "@/lib/pages/schemas";
import { MAX_MEDIA_BYTES, ZMediaUploadErrorSchema, ZMediaUploadResultSchema } from "@/lib/media/schemas";
import { RichTextEditor } from "../../liveblogs/[slug]/rich-text-editor";
import { savePageAction, schedulePageAction, setPageStatusAction, type TQueuedPageChange } from "../actions";

/** A module as the form holds it: every field a string ("" for an empty optional one). */
type TDraftModule = { id: string; type: TModuleType; [field: string]: string };

type TEditablePage = { id: string; slug: string; title: string; description: string; status: TPageStatus; version: number; modules: TPageModule[] };

export type TLiveBlogOption = { slug: string; title: string; status: string };

const FIELDS: Record<TModuleType, readonly string[]> = {
  headline: ["title", "text", "link"],
  image: ["src", "alt", "caption", "link"],
  banners: ["placement"],
  liveblog: ["slug"],
  lookup: ["dataset", "label"],
  richtext: ["html"],
};

const LOOKUP_UNAVAILABLE = "available once a lookup dataset exists";

function toDraft(module: TPageModule): TDraftModule {
  const draft: TDraftModule = { id: module.id, type: module.type };
  for (const field of FIELDS[module.type]) {
    const value = (module as Record<string, unknown>)[field];
    draft[field] = typeof value === "string" ? value : "";
  }
  return draft;
}

function newModule(type: TModuleType): TDraftModule {
  const id = `m-${crypto.randomUUID().slice(0, 12)}`;
  const draft: TDraftModule = { id, type };
  for (const field of FIELDS[type]) draft[field] = "";
  if (type === "banners") draft.placement = "homepage";
  return draft;
}

/** What the action receives: the form's strings; the server's schema trims, defaults and validates them. */
function toInput(modules: TDraftModule[]): NonNullable<Parameters<typeof savePageAction>[0]["modules"]> {
  return modules.map((module) => ({ ...module })) as unknown as NonNullable<Parameters<typeof savePageAction>[0]["modules"]>;
}

const snapshotOf = (title: string, description: string, modules: TDraftModule[]) => JSON.stringify({ title, description, modules });

type TCommandState = { commandId: string; status: "queued" | "applied" | "published" | "rejected" | "failed"; reason?: string } | null;

/** Follows a queued command until a worker has applied (or refused) it, so a refusal reaches its author. */
function useCommandOutcome(): [TCommandState, (commandId: string) => void] {
  const [state, setState] = useState<TCommandState>(null);
  useEffect(() => {
    if (!state || state.status !== "queued") return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      const response = await fetch(`/api/commands/${state.commandId}`, { cache: "no-store" }).catch(() => null);
      const body = (await response?.json().catch(() => null)) as { status?: string; reason?: string } | null;
      if (cancelled) return;
      const status = body?.status;
      if (status === "applied" || status === "published" || status === "rejected" || status === "failed") setState({ commandId: state.commandId, status, reason: body?.reason });
      else setState({ ...state });
    }, 800);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [state]);
  return [state, (commandId) => setState({ commandId, status: "queued" })];
}

function CommandOutcome({ state, label }: { state: TCommandState; label: string }) {
  if (!state) return null;
  if (state.status === "rejected" || state.status === "failed") return <p className="notice error" role="alert" data-testid="command-refused">{label} was refused: {state.reason}</p>;
  if (state.status === "queued") return <p className="muted small" role="status">{label}: queued…</p>;
  return <p className="notice success" role="status" data-testid="command-applied">{label}: applied.</p>;
}

async function uploadImage(file: File): Promise<{ ok: true; url: string } | { ok: false; error: string }> {
  if (file.size > MAX_MEDIA_BYTES) return { ok: false, error: `The image is too large; the limit is ${MAX_MEDIA_BYTES / (1024 * 1024)} MB.` };
  const form = new FormData();
  form.append("file", file);
  const response = await fetch("/api/media", { method: "POST", body: form }).catch(() => null);
  if (!response) return { ok: false, error: "The upload failed: check your connection and try again." };
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const result = ZMediaUploadResultSchema.safeParse(payload);
    return result.success ? { ok: true, url: result.data.url } : { ok: false, error: "The server's reply to the upload was not understood." };
  }
  const failure = ZMediaUploadErrorSchema.safeParse(payload);
  return { ok: false, error: failure.success ? (failure.data.fieldErrors.file ?? failure.data.error) : `The upload failed (HTTP ${response.status}).` };
}

type TFieldProps = { module: TDraftModule; index: number; field: string; label: string; errors: Record<string, string>; onChange: (field: string, value: string) => void; disabled: boolean };

function TextField({ module, index, field, label, errors, onChange, disabled, multiline = false, type = "text", hint, list }: TFieldProps & { multiline?: boolean; type?: string; hint?: string; list?: string }) {
  const id = `module-${module.id}-${field}`;
  const error = errors[`modules.${index}.${field}`];
  const describedBy = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  const common = { id, value: module[field] ?? "", disabled, "aria-invalid": Boolean(error), "aria-describedby": describedBy };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(event) => onChange(field, event.target.value)} />
      ) : (
        <input {...common} type={type} list={list} onChange={(event) => onChange(field, event.target.value)} />
      )}
      {hint && <span id={`${id}-hint`} className="muted small">{hint}</span>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function ImageUpload({ module, onChange, disabled }: { module: TDraftModule; onChange: (field: string, value: string) => void; disabled: boolean }) {
  const [message, setMessage] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const id = `module-${module.id}-upload`;
  return (
    <div className="field">
      <label htmlFor={id}>Upload an image</label>
      <input
        id={id}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        disabled={disabled || uploading}
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          setUploading(true);
          setMessage("Uploading…");
          const outcome = await uploadImage(file);
          setUploading(false);
          if (outcome.ok) {
            onChange("src", outcome.url);
            setMessage("Uploaded.");
          } else setMessage(outcome.error);
        }}
      />
      {message && <span className="muted small" role="status">{message}</span>}
    </div>
  );
}

function ModuleFields(props: { module: TDraftModule; index: number; errors: Record<string, string>; onChange: (field: string, value: string) => void; disabled: boolean; liveBlogs: TLiveBlogOption[]; datasets: string[]; mediaBaseUrl: string }) {
  const { module, index, errors, onChange, disabled, liveBlogs, mediaBaseUrl } = props;
  const common = { module, index, errors, onChange, disabled };
  switch (module.type) {
    case "headline":
      return (
        <>
          <TextField {...common} field="title" label="Headline" />
          <TextField {...common} field="text" label="Text" multiline />
          <TextField {...common} field="link" label="Link" type="url" hint="Optional: https://…" />
        </>
      );
    case "image": {
      const src = module.src ?? "";
      return (
        <>
          <TextField {...common} field="src" label="Image address" type="url" hint="An https:// address, or upload an image below." />
          <ImageUpload module={module} onChange={onChange} disabled={disabled} />
          {/^https?:\/\//.test(src) && (
            // A plain preview of the editor's own URL; next/image would proxy arbitrary hosts through the admin.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={src} alt="" className="module-preview" style={{ maxWidth: "12rem", maxHeight: "8rem" }} />
          )}
          <TextField {...common} field="alt" label="Alt text" hint="What the image shows, for readers who cannot see it (required)." />
          <TextField {...common} field="caption" label="Caption" />
          <TextField {...common} field="link" label="Link" type="url" hint="Optional: https://…" />
        </>
      );
    }
    case "banners":
      return (
        <>
          <TextField {...common} field="placement" label="Placement" list="placement-options" hint="Banners for this placement (and sitewide ones) are shown here by the widget." />
          <datalist id="placement-options">
            <option value="homepage" />
            <option value="sitewide" />
          </datalist>
        </>
      );
    case "liveblog": {
      const id = `module-${module.id}-slug`;
      const error = errors[`modules.${index}.slug`];
      const known = liveBlogs.some((blog) => blog.slug === module.slug);
      return (
        <div className="field">
          <label htmlFor={id}>Live blog</label>
          <select id={id} value={module.slug ?? ""} disabled={disabled} aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined} onChange={(event) => onChange("slug", event.target.value)}>
            <option value="">Choose a live blog…</option>
            {!known && module.slug && <option value={module.slug}>{module.slug} (not found)</option>}
            {liveBlogs.map((blog) => (
              <option key={blog.slug} value={blog.slug}>{blog.title} ({blog.status === "draft" ? "draft: shows nothing until it goes live" : blog.status})</option>
            ))}
          </select>
          <FieldError id={`${id}-error`} message={error} />
        </div>
      );
    }
    case "lookup":
      return (
        <>
          {props.datasets.length === 0 && <p className="muted small">ZIP lookup: {LOOKUP_UNAVAILABLE}. Until then readers see a plain form.</p>}
          <TextField {...common} field="dataset" label="Dataset" list={`datasets-${props.module.id}`} />
          <datalist id={`datasets-${props.module.id}`}>
            {props.datasets.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <TextField {...common} field="label" label="Label" />
        </>
      );
    case "richtext": {
      const id = `module-${module.id}-html`;
      const error = errors[`modules.${index}.html`];
      return (
        <div className="field">
          <label htmlFor={id}>Rich text</label>
          <RichTextEditor id={id} label="Rich text" initialHtml={module.html} onChange={(html) => onChange("html", html)} onSubmit={() => undefined} disabled={disabled} invalid={Boolean(error)} describedBy={error ? `${id}-error` : undefined} mediaBaseUrl={mediaBaseUrl} />
          <FieldError id={`${id}-error`} message={error} />
        </div>
      );
    }
  }
}

function StatusButton({ pageId, status, label, disabled, primary = false, onQueued }: { pageId: string; status: TPageStatus; label: string; disabled: boolean; primary?: boolean; onQueued: (result: TActionResult<TQueuedPageChange>) => void }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={primary ? undefined : "secondary"}
      disabled={disabled || pending}
      onClick={async () => {
        setPending(true);
        const form = new FormData();
        form.set("pageId", pageId);
        form.set("status", status);
        onQueued(await setPageStatusAction(null, form));
        setPending(false);
      }}
    >
      {pending ? "Working…" : label}
    </button>
  );
}

const TIME_ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "UTC"];

const noSubscription = () => () => undefined;

function ScheduleForm({ onSchedule, disabled, errors }: { onSchedule: (goLiveLocal: string, timeZone: string) => Promise<void>; disabled: boolean; errors: Record<string, string> }) {
  const [goLiveLocal, setGoLiveLocal] = useState("");
  // The browser's own zone by default; the server's first paint assumes New York, so hydration agrees.
  const ownZone = useSyncExternalStore(noSubscription, () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", () => "America/New_York");
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  const timeZone = chosenZone ?? ownZone;
  const zones = TIME_ZONES.includes(ownZone) ? TIME_ZONES : [ownZone, ...TIME_ZONES];
  const [pending, setPending] = useState(false);
  const error = errors.goLiveAt ?? errors.goLiveLocal ?? errors.timeZone;
  return (
    <fieldset className="stack narrow" aria-label="Schedule this version">
      <legend>Schedule this version</legend>
      <p className="muted small">At that time the title, description and modules above replace the page, and the page goes live.</p>
      <div className="row">
        <div className="field">
          <label htmlFor="schedule-at">Go live at</label>
          <input id="schedule-at" type="datetime-local" value={goLiveLocal} onChange={(event) => setGoLiveLocal(event.target.value)} aria-invalid={Boolean(error)} aria-describedby={error ? "schedule-error" : undefined} />
        </div>
        <div className="field">
          <label htmlFor="schedule-zone">Time zone</label>
          <select id="schedule-zone" value={timeZone} onChange={(event) => setChosenZone(event.target.value)}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>{zone.replace(/_/g, " ")}</option>
            ))}
          </select>
        </div>
      </div>
      <FieldError id="schedule-error" message={error} />
      <div>
        <button
          type="button"
          className="secondary"
          disabled={disabled || pending}
          onClick={async () => {
            setPending(true);
            await onSchedule(goLiveLocal, timeZone);
            setPending(false);
          }}
        >
          {pending ? "Scheduling…" : "Schedule this version"}
        </button>
      </div>
    </fieldset>
  );
}

export function PageEditor({ page, liveBlogs, datasets, canEdit, mediaBaseUrl }: { page: TEditablePage; liveBlogs: TLiveBlogOption[]; datasets: string[]; canEdit: boolean; mediaBaseUrl: string }) {
  const [title, setTitle] = useState(page.title);
  const [description, setDescription] = useState(page.description);
  const [modules, setModules] = useState<TDraftModule[]>(() => page.modules.map(toDraft));
  // The version the form's content is based on (sent as expectedVersion), and that content as last loaded or saved.
  const [baseVersion, setBaseVersion] = useState(page.version);
  const [synced, setSynced] = useState(() => snapshotOf(page.title, page.description, page.modules.map(toDraft)));
  const [serverVersion, setServerVersion] = useState(page.version);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [addType, setAddType] = useState<TModuleType>("headline");
  const [saveOutcome, followSave] = useCommandOutcome();
  const [statusOutcome, followStatus] = useCommandOutcome();
  const [scheduleOutcome, followSchedule] = useCommandOutcome();
  const focusAfterMove = useRef<string | null>(null);
  const router = useRouter();
  // Once a worker has applied a change, read the page again (its new version and publish status).
  const outcomes = [saveOutcome, statusOutcome, scheduleOutcome].map((outcome) => `${outcome?.commandId}:${outcome?.status}`).join(",");
  useEffect(() => {
    if (/:(applied|published)/.test(outcomes)) router.refresh();
  }, [outcomes, router]);
  const dirty = snapshotOf(title, description, modules) !== synced;

  // A newer version from the server (a worker applied a change): take it unless there are unsaved edits.
  if (page.version !== serverVersion) {
    setServerVersion(page.version);
    if (!dirty) {
      const fresh = page.modules.map(toDraft);
      setTitle(page.title);
      setDescription(page.description);
      setModules(fresh);
      setBaseVersion(page.version);
      setSynced(snapshotOf(page.title, page.description, fresh));
    }
  }
  const staleBase = dirty && baseVersion !== page.version;

  useEffect(() => {
    if (!focusAfterMove.current) return;
    const target = document.getElementById(focusAfterMove.current);
    focusAfterMove.current = null;
    target?.focus();
  });

  const disabled = !canEdit;
  const update = (index: number, field: string, value: string) => setModules((current) => current.map((module, position) => (position === index ? { ...module, [field]: value } : module)));
  const move = (index: number, direction: -1 | 1) => {
    const target = index + direction;
    if (target < 0 || target >= modules.length) return;
    const moved = modules[index]!;
    const next = [...modules];
    next.splice(index, 1);
    next.splice(target, 0, moved);
    setModules(next);
    setErrors({});
    // Keep the keyboard on the moved module: the same button, or the other one at either end of the list.
    const reachedEnd = direction === -1 ? target === 0 : target === next.length - 1;
    const same = direction === -1 ? "up" : "down";
    focusAfterMove.current = `move-${reachedEnd ? (same === "up" ? "down" : "up") : same}-${moved.id}`;
  };
  const remove = (index: number) => {
    setModules((current) => current.filter((_, position) => position !== index));
    setErrors({});
  };

  const handleResult = (result: TActionResult<TQueuedPageChange>, follow: (commandId: string) => void) => {
    if (result.ok) {
      setErrors({});
      setFormError(null);
      setNotice(result.message ?? null);
      follow(result.data.commandId);
      return true;
    }
    setErrors(result.fieldErrors);
    setFormError(result.error);
    setNotice(null);
    return false;
  };

  const save = async () => {
    setSaving(true);
    const current = snapshotOf(title, description, modules);
    const result = await savePageAction({ pageId: page.id, title, description, modules: toInput(modules), expectedVersion: baseVersion });
    if (handleResult(result, followSave)) setSynced(current);
    setSaving(false);
  };

  const schedule = async (goLiveLocal: string, timeZone: string) => {
    const result = await schedulePageAction({ pageId: page.id, title, description, modules: toInput(modules), goLiveLocal, timeZone });
    handleResult(result, followSchedule);
  };

  const lookupAvailable = datasets.length > 0;

  return (
    <section className="page-editor stack" aria-label="Page editor">
      {formError && <p className="notice error" role="alert" data-testid="page-form-error">{formError}</p>}
      {notice && <p className="notice success" role="status">{notice}</p>}
      <CommandOutcome state={saveOutcome} label="Your save" />
      <CommandOutcome state={statusOutcome} label="The status change" />
      <CommandOutcome state={scheduleOutcome} label="The schedule" />
      {staleBase && <p className="notice warn" role="status">This page changed since you opened it (now v{page.version}). Saving will be refused; copy your changes and reload.</p>}

      <div className="row" aria-label="Status">
        {page.status !== "live" && <StatusButton pageId={page.id} status="live" label="Go live" primary disabled={disabled || dirty} onQueued={(result) => handleResult(result, followStatus)} />}
        {page.status === "live" && <StatusButton pageId={page.id} status="draft" label="Back to draft" disabled={disabled} onQueued={(result) => handleResult(result, followStatus)} />}
        {page.status !== "archived" && <StatusButton pageId={page.id} status="archived" label="Archive" disabled={disabled} onQueued={(result) => handleResult(result, followStatus)} />}
        {dirty && page.status !== "live" && <span className="muted small">Save your changes before going live.</span>}
      </div>

      <div className="field">
        <label htmlFor="page-title">Title</label>
        <input id="page-title" value={title} maxLength={200} disabled={disabled} onChange={(event) => setTitle(event.target.value)} aria-invalid={Boolean(errors.title)} aria-describedby={errors.title ? "page-title-error" : undefined} />
        <FieldError id="page-title-error" message={errors.title} />
      </div>
      <div className="field">
        <label htmlFor="page-description">Description</label>
        <textarea id="page-description" value={description} rows={2} maxLength={1000} disabled={disabled} onChange={(event) => setDescription(event.target.value)} aria-invalid={Boolean(errors.description)} aria-describedby={errors.description ? "page-description-error" : undefined} />
        <FieldError id="page-description-error" message={errors.description} />
      </div>

      <h2>Modules <span className="muted">({modules.length} of at most {MAX_PAGE_MODULES})</span></h2>
      <FieldError id="modules-error" message={errors.modules} />
      {modules.length === 0 && <p className="empty">No modules yet. Add a headline, an image, a banner slot, a live blog or rich text below.</p>}
      <ol className="modules stack">
        {modules.map((module, index) => (
          <li key={module.id} data-testid="page-module" data-module-type={module.type}>
            <fieldset className="stack">
              <legend>Module {index + 1}: {MODULE_TYPE_LABELS[module.type]}</legend>
              <ModuleFields module={module} index={index} errors={errors} onChange={(field, value) => update(index, field, value)} disabled={disabled} liveBlogs={liveBlogs} datasets={datasets} mediaBaseUrl={mediaBaseUrl} />
              {canEdit && (
                <div className="row">
                  <button type="button" id={`move-up-${module.id}`} className="secondary" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move module ${index + 1} up`}>↑ Up</button>
                  <button type="button" id={`move-down-${module.id}`} className="secondary" disabled={index === modules.length - 1} onClick={() => move(index, 1)} aria-label={`Move module ${index + 1} down`}>↓ Down</button>
                  <button type="button" className="secondary danger" onClick={() => remove(index)} aria-label={`Remove module ${index + 1}`}>Remove</button>
                </div>
              )}
            </fieldset>
          </li>
        ))}
      </ol>

      {canEdit && (
        <div className="row" aria-label="Add a module">
          <label htmlFor="add-module-type">Module type</label>
          <select id="add-module-type" value={addType} onChange={(event) => setAddType(event.target.value as TModuleType)} aria-describedby="add-module-hint">
            {MODULE_TYPES.map((type) => (
              <option key={type} value={type} disabled={type === "lookup" && !lookupAvailable}>
                {MODULE_TYPE_LABELS[type]}{type === "lookup" && !lookupAvailable ? ` (${LOOKUP_UNAVAILABLE})` : ""}
              </option>
            ))}
          </select>
          <button type="button" className="secondary" disabled={modules.length >= MAX_PAGE_MODULES} onClick={() => setModules((current) => [...current, newModule(addType)])}>Add module</button>
          <span id="add-module-hint" className="muted small">ZIP lookup: {LOOKUP_UNAVAILABLE}.</span>
        </div>
      )}

      {canEdit && (
        <div className="row">
          <button type="button" onClick={save} disabled={saving}>{saving ? "Saving…" : "Save page"}</button>
          {dirty ? <span className="muted small">Unsaved changes</span> : <span className="muted small">Saved (v{baseVersion})</span>}
        </div>
      )}

      {canEdit && <ScheduleForm onSchedule={schedule} disabled={disabled} errors={errors} />}
    </section>
  );
}
