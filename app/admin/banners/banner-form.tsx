"use client";
// The banner form (new and edit): message, button, severity, placements, targeting, window in a chosen time zone,
// priority, dismissible. Each field shows the server action's error for it; after saving, the change is queued and
// shown as such until a worker has applied it.
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { BUILT_IN_PLACEMENTS, type TBannerSeverity, type TBannerTargeting } from "@/lib/banners/schemas";
import { utcToZonedLocal } from "@/lib/time/zoned-time";
import { saveBannerAction } from "./actions";
import { CommandStatus } from "./command-status";
import { MessageEditor } from "./message-editor";

export type TBannerFormValues = {
  id: string;
  version: number;
  status: "draft" | "published" | "archived";
  messageHtml: string;
  ctaLabel: string | null;
  ctaUrl: string | null;
  severity: TBannerSeverity;
  placements: string[];
  targeting: TBannerTargeting;
  targetStates: string[];
  targetZipPrefixes: string[];
  startsAt: string | null;
  endsAt: string | null;
  timeZone: string;
  priority: number;
  dismissible: boolean;
};

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

let zoneList: string[] | null = null;

/** Every zone the browser knows, UTC first (computed once: useSyncExternalStore needs a stable snapshot). */
function allTimeZones(): string[] {
  zoneList ??= ["UTC", ...(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC") : [])];
  return zoneList;
}

const subscribeNever = () => () => undefined;
const SERVER_ZONES = ["UTC"];

export function BannerForm({ banner }: { banner?: TBannerFormValues }) {
  const router = useRouter();
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction(saveBannerAction);
  // The browser's zone and zone list exist only in the browser: the server renders UTC, hydration then switches.
  const browserZone = useSyncExternalStore(subscribeNever, browserTimeZone, () => "UTC");
  const knownZones = useSyncExternalStore(subscribeNever, allTimeZones, () => SERVER_ZONES);
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  // A new banner's window defaults to the editor's own zone; an existing one keeps the zone it was entered in.
  const timeZone = chosenZone ?? banner?.timeZone ?? browserZone;
  const zones = knownZones.includes(timeZone) ? knownZones : [timeZone, ...knownZones];
  const [targeting, setTargeting] = useState<TBannerTargeting>(banner?.targeting ?? "everyone");

  const localOf = (iso: string | null) => (iso ? utcToZonedLocal(iso, banner?.timeZone ?? "UTC") : "");
  const otherPlacements = (banner?.placements ?? []).filter((placement) => !(BUILT_IN_PLACEMENTS as readonly string[]).includes(placement));
  const placed = new Set(banner?.placements ?? ["sitewide"]);
  const error = (field: string) => fieldErrors[field];
  const described = (field: string) => (error(field) ? `${field}-error` : undefined);
  const queued = state?.ok ? state.data : null;

  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack banner-form" aria-label={banner ? "Edit banner" : "New banner"} noValidate>
      {banner && <input type="hidden" name="bannerId" value={banner.id} />}
      {banner && <input type="hidden" name="expectedVersion" value={banner.version} />}

      <div className="field">
        <span id="messageHtml-input-label" className="label">Message</span>
        <MessageEditor id="messageHtml-input" name="messageHtml" initialHtml={banner?.messageHtml ?? ""} invalid={Boolean(error("messageHtml"))} describedBy={described("messageHtml")} />
        <span className="muted small">Up to 500 characters. Bold, italic and links.</span>
        <FieldError id="messageHtml-error" message={error("messageHtml")} />
      </div>

      <fieldset>
        <legend>Button (optional)</legend>
        <div className="row">
          <label className="field">
            <span>Button label</span>
            <input name="ctaLabel" defaultValue={banner?.ctaLabel ?? ""} maxLength={80} aria-invalid={Boolean(error("ctaLabel"))} aria-describedby={described("ctaLabel")} />
            <FieldError id="ctaLabel-error" message={error("ctaLabel")} />
          </label>
          <label className="field">
            <span>Button link</span>
            <input name="ctaUrl" type="url" inputMode="url" placeholder="https://" defaultValue={banner?.ctaUrl ?? ""} aria-invalid={Boolean(error("ctaUrl"))} aria-describedby={described("ctaUrl")} />
            <FieldError id="ctaUrl-error" message={error("ctaUrl")} />
          </label>
        </div>
      </fieldset>

      <div className="row">
        <label className="field">
          <span>Severity</span>
          <select name="severity" defaultValue={banner?.severity ?? "info"} aria-invalid={Boolean(error("severity"))} aria-describedby={described("severity")}>
            <option value="info">Info</option>
            <option value="warning">Warning</option>
            <option value="urgent">Urgent</option>
          </select>
          <FieldError id="severity-error" message={error("severity")} />
        </label>
        <label className="field">
          <span>Priority</span>
          <input name="priority" type="number" min={-1000} max={1000} step={1} defaultValue={banner?.priority ?? 0} aria-invalid={Boolean(error("priority"))} aria-describedby={described("priority")} />
          <span className="muted small">Higher shows first (−1000 to 1000).</span>
          <FieldError id="priority-error" message={error("priority")} />
        </label>
        <label className="inline">
          <input type="checkbox" name="dismissible" defaultChecked={banner?.dismissible ?? true} /> Readers can dismiss it
        </label>
      </div>

      <fieldset aria-describedby={described("placements")}>
        <legend>Placements</legend>
        <div className="row">
          {BUILT_IN_PLACEMENTS.map((placement) => (
            <label key={placement} className="inline">
              <input type="checkbox" name="placement" value={placement} defaultChecked={placed.has(placement)} /> {placement === "sitewide" ? "Sitewide (every slot)" : "Homepage"}
            </label>
          ))}
          <label className="field">
            <span>Other placements</span>
            <input name="otherPlacements" defaultValue={otherPlacements.join(", ")} placeholder="e.g. ohio-results, election-night" aria-invalid={Boolean(error("placements"))} />
          </label>
        </div>
        <FieldError id="placements-error" message={error("placements")} />
      </fieldset>

      <fieldset>
        <legend>Who sees it</legend>
        <div className="row" role="radiogroup" aria-label="Targeting">
          {(
            [
              ["everyone", "Everyone"],
              ["states", "Readers in these states"],
              ["zip_prefixes", "Readers in these ZIP codes"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="inline">
              <input type="radio" name="targeting" value={value} checked={targeting === value} onChange={() => setTargeting(value)} /> {label}
            </label>
          ))}
        </div>
        {targeting === "states" && (
          <label className="field">
            <span>States</span>
            <input name="statesText" defaultValue={(banner?.targetStates ?? []).join(", ")} placeholder="USPS codes, e.g. OH, PA, DC" autoCapitalize="characters" aria-invalid={Boolean(error("states"))} aria-describedby={described("states")} />
            <FieldError id="states-error" message={error("states")} />
          </label>
        )}
        {targeting === "zip_prefixes" && (
          <label className="field">
            <span>ZIP prefixes</span>
            <textarea name="zipPrefixes" rows={2} defaultValue={(banner?.targetZipPrefixes ?? []).join(", ")} placeholder="1 to 5 digits each, e.g. 432, 43085" inputMode="numeric" aria-invalid={Boolean(error("zipPrefixes"))} aria-describedby={described("zipPrefixes")} />
            <FieldError id="zipPrefixes-error" message={error("zipPrefixes")} />
          </label>
        )}
        <FieldError id="targeting-error" message={error("targeting")} />
      </fieldset>

      <fieldset>
        <legend>When</legend>
        <div className="row">
          <label className="field">
            <span>Starts</span>
            <input name="startsAtLocal" type="datetime-local" defaultValue={localOf(banner?.startsAt ?? null)} aria-invalid={Boolean(error("startsAt"))} aria-describedby={described("startsAt")} />
            <span className="muted small">Empty: at once.</span>
            <FieldError id="startsAt-error" message={error("startsAt")} />
          </label>
          <label className="field">
            <span>Ends</span>
            <input name="endsAtLocal" type="datetime-local" defaultValue={localOf(banner?.endsAt ?? null)} aria-invalid={Boolean(error("endsAt"))} aria-describedby={described("endsAt")} />
            <span className="muted small">Empty: until you end it.</span>
            <FieldError id="endsAt-error" message={error("endsAt")} />
          </label>
          <label className="field">
            <span>Time zone</span>
            <select name="timeZone" value={timeZone} onChange={(event) => setChosenZone(event.currentTarget.value)} aria-invalid={Boolean(error("timeZone"))} aria-describedby={described("timeZone")}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
            <FieldError id="timeZone-error" message={error("timeZone")} />
          </label>
        </div>
      </fieldset>

      <div className="row">
        {banner && banner.status !== "draft" ? (
          <button type="submit" name="intent" value="save" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </button>
        ) : (
          <button type="submit" name="intent" value="draft" className="secondary" disabled={pending}>
            {pending ? "Saving…" : "Save as draft"}
          </button>
        )}
        {banner?.status !== "published" && (
          <button type="submit" name="intent" value="publish" disabled={pending}>
            Publish
          </button>
        )}
        {queued && (
          <CommandStatus
            key={queued.commandId}
            commandId={queued.commandId}
            onSettled={(settled) => {
              // A new banner opens once it exists; an edit stays here (the page refreshes with the new version).
              if (!banner && settled.status !== "rejected" && queued.bannerId) router.push(`/admin/banners/${queued.bannerId}`);
            }}
          />
        )}
      </div>
      <FieldError id="form-error" message={error("form")} />
      <FormError state={state} />
    </form>
  );
}
