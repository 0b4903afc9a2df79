"use client";
// The feed form (new and edit): name (fixed once created), source URL, format, items pointer and mapping, schedule,
// time zone, timeout, size limit and request headers. Header values are write-only: a stored header shows as "set",
// and leaving its field blank keeps it. After saving, the change is queued and shown as such until applied.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import type { TFeedFormat, TMappingField } from "@/lib/feeds/schemas";
import { CommandStatus } from "../banners/command-status";
import { saveFeedAction } from "./actions";

export type TFeedFormValues = {
  id: string;
  name: string;
  settingsVersion: number;
  sourceUrl: string;
  format: TFeedFormat;
  itemsPointer: string | null;
  mapping: TMappingField[];
  schedule: string;
  timeZone: string;
  timeoutSeconds: number;
  maxBytes: number;
  headerNames: string[];
};

export function FeedForm({ feed }: { feed?: TFeedFormValues }) {
  const router = useRouter();
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(saveFeedAction);
  const [format, setFormat] = useState<TFeedFormat>(feed?.format ?? "json");
  const [newHeaders, setNewHeaders] = useState(feed ? 0 : 1);
  const error = (field: string) => fieldErrors[field];
  const described = (field: string) => (error(field) ? `${field}-error` : undefined);
  const queued = state?.ok ? state.data : null;
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack" aria-label={feed ? "Edit feed" : "New feed"} noValidate>
      {feed && <input type="hidden" name="feedId" value={feed.id} />}
      {feed && <input type="hidden" name="expectedVersion" value={feed.settingsVersion} />}
      {!feed && (
        <label className="field">
          <span>Name</span>
          <input name="name" required pattern="[a-z0-9][a-z0-9-]{0,62}" placeholder="e.g. ohio-results" aria-invalid={Boolean(error("name"))} aria-describedby={described("name")} />
          <span className="muted small">Lower-case letters, digits and dashes; published as feeds/&lt;name&gt;.json and fixed once created.</span>
          <FieldError id="name-error" message={error("name")} />
        </label>
      )}
      <label className="field">
        <span>Source URL</span>
        <input name="sourceUrl" type="url" inputMode="url" required placeholder="https://vendor.example/results.json" defaultValue={feed?.sourceUrl ?? ""} aria-invalid={Boolean(error("sourceUrl"))} aria-describedby={described("sourceUrl")} />
        <span className="muted small">http or https. Private, loopback and cloud-metadata addresses are refused unless the operator allowlists them (FETCH_ALLOWLIST).</span>
        <FieldError id="sourceUrl-error" message={error("sourceUrl")} />
      </label>
      <div className="row">
        <label className="field">
          <span>Format</span>
          <select name="format" value={format} onChange={(event) => setFormat(event.target.value as TFeedFormat)} aria-invalid={Boolean(error("format"))}>
            <option value="json">JSON</option>
            <option value="csv">CSV (a header row)</option>
          </select>
          <FieldError id="format-error" message={error("format")} />
        </label>
        {format === "json" && (
          <label className="field">
            <span>Items pointer (optional)</span>
            <input name="itemsPointer" placeholder="/results" defaultValue={feed?.itemsPointer ?? ""} aria-invalid={Boolean(error("itemsPointer"))} aria-describedby={described("itemsPointer")} />
            <span className="muted small">A JSON pointer to the list to map; empty: the whole body.</span>
            <FieldError id="itemsPointer-error" message={error("itemsPointer")} />
          </label>
        )}
      </div>
      <label className="field">
        <span>Mapping (optional)</span>
        <textarea
          name="mapping"
          rows={4}
          placeholder={format === "json" ? "/candidate/name -> name\n/votes -> votes" : "zip -> zip\ncity -> town"}
          defaultValue={(feed?.mapping ?? []).map((field) => `${field.from} -> ${field.to}`).join("\n")}
          aria-invalid={Boolean(error("mapping"))}
          aria-describedby={described("mapping")}
        />
        <span className="muted small">One field per line: {format === "json" ? "a JSON pointer" : "a CSV column"} -&gt; the published name. Empty: publish everything as it comes.</span>
        <FieldError id="mapping-error" message={error("mapping")} />
      </label>
      <div className="row">
        <label className="field">
          <span>Schedule (cron)</span>
          <input name="schedule" required placeholder="*/15 * * * *" defaultValue={feed?.schedule ?? "*/15 * * * *"} aria-invalid={Boolean(error("schedule"))} aria-describedby={described("schedule")} />
          <span className="muted small">Minute hour day month weekday; at most once a minute.</span>
          <FieldError id="schedule-error" message={error("schedule")} />
        </label>
        <label className="field">
          <span>Time zone</span>
          <input name="timeZone" defaultValue={feed?.timeZone ?? "UTC"} aria-invalid={Boolean(error("timeZone"))} aria-describedby={described("timeZone")} />
          <FieldError id="timeZone-error" message={error("timeZone")} />
        </label>
        <label className="field">
          <span>Timeout (s)</span>
          <input name="timeoutSeconds" type="number" min={1} max={60} step={1} defaultValue={feed?.timeoutSeconds ?? 10} aria-invalid={Boolean(error("timeoutSeconds"))} aria-describedby={described("timeoutSeconds")} />
          <FieldError id="timeoutSeconds-error" message={error("timeoutSeconds")} />
        </label>
        <label className="field">
          <span>Maximum size (KB)</span>
          <input name="maxKilobytes" type="number" min={1} max={10240} step={1} defaultValue={Math.round((feed?.maxBytes ?? 1024 * 1024) / 1024)} aria-invalid={Boolean(error("maxBytes"))} aria-describedby={described("maxBytes")} />
          <FieldError id="maxBytes-error" message={error("maxBytes")} />
        </label>
      </div>
      <fieldset aria-describedby={described("headers")}>
        <legend>Request headers (secret)</legend>
        <p className="muted small">Sent to the vendor only (never on a redirect to another site). Values are stored encrypted and never shown again.</p>
        {(feed?.headerNames ?? []).map((name) => (
          <div className="row" key={name} data-testid="stored-header">
            <input type="hidden" name="keptHeader" value={name} />
            <span>
              <strong>{name}</strong> <span className="badge">set</span>
            </span>
            <label className="field">
              <span>Replace value</span>
              <input name={`headerValue:${name}`} type="password" autoComplete="off" placeholder="leave blank to keep" />
            </label>
            <label className="inline">
              <input type="checkbox" name="removeHeader" value={name} /> Remove
            </label>
          </div>
        ))}
        {Array.from({ length: newHeaders }, (_, index) => (
          <div className="row" key={index}>
            <label className="field">
              <span>Header name</span>
              <input name="newHeaderName" placeholder="X-Api-Key" autoComplete="off" />
            </label>
            <label className="field">
              <span>Value</span>
              <input name="newHeaderValue" type="password" autoComplete="off" />
            </label>
          </div>
        ))}
        <button type="button" className="link" onClick={() => setNewHeaders((count) => count + 1)}>
          Add a header
        </button>
        <FieldError id="headers-error" message={error("headers")} />
      </fieldset>
      <FormError state={state} />
      <div className="row">
        <button type="submit" disabled={pending}>
          {feed ? "Save" : "Create feed"}
        </button>
        {queued && (
          <CommandStatus
            key={queued.commandId}
            commandId={queued.commandId}
            onSettled={(settled) => {
              if (settled.status !== "rejected" && !feed && queued.feedId) router.push(`/admin/feeds/${queued.feedId}`);
            }}
          />
        )}
      </div>
    </form>
  );
}
