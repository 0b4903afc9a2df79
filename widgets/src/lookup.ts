// Lookup file (loaded by the entry on pages with a `[data-ballast-lookup]` form, or at the first `Ballast.lookup` call):
// answers `Ballast.lookup(name, key)` from the published dataset (contract: datasets/<name>/manifest.json, then one key
// file or shard file per lookup), and makes each lookup form fill its city and state as the reader types the fifth digit.
import type { TBannersApi } from "./banners-api";
import { writeStored } from "./banner-storage";
import type { TLookup, TLookupValues } from "./lookup-api";
import { isDatasetName, keyPath, normalizeKey, readManifest, readValues } from "./lookup-keys";
import { WIDGET_VERSION } from "./version";

// Captured while this file runs: the default datasets URL is next to widgets/, wherever the CDN serves it.
const ownSrc = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;
/** URL -> its JSON (null when missing); kept for the page's life, so a repeated or concurrent lookup makes no request. */
const requests = new Map<string, Promise<unknown>>();
const bound = new WeakSet<Element>();
/** Fields the form fills by default when no `[data-ballast-fill]` names the column: by autocomplete token or name. */
const DEFAULT_FIELDS = [
  ["city", "address-level2"],
  ["state", "address-level1"],
];
const ZIP = /^\s*(\d{5})(?:-\d{4})?\s*$/;

function getJson(url: string): Promise<unknown> {
  let pending = requests.get(url);
  if (!pending) {
    pending = fetch(url, { credentials: "omit" }).then((response) => {
      // A bucket answers 403 for a missing object when it may not list its keys.
      if (response.status === 404 || response.status === 403) return null;
      if (!response.ok) throw Error(`HTTP ${response.status}`);
      return response.json();
    });
    // A failure is not remembered: the next lookup asks again.
    pending.catch(() => requests.delete(url));
    requests.set(url, pending);
  }
  return pending;
}

/** `data-datasets-url` on the form, else on a script tag, else `../datasets/` next to this file's folder. */
function datasetsUrl(element?: Element): string {
  const script = document.querySelector("script[data-datasets-url]");
  const configured = (element && element.getAttribute("data-datasets-url")) || (script && script.getAttribute("data-datasets-url"));
  return configured ? new URL(configured.replace(/\/?$/, "/"), document.baseURI).href : new URL("../datasets/", ownSrc).href;
}

async function lookupIn(base: string, name: string, key: string): Promise<TLookupValues | null> {
  const folder = `${base}${name}/`;
  // A name the backend would refuse is never requested.
  const json = isDatasetName(name) ? await getJson(`${folder}manifest.json`) : null;
  if (json === null) throw Error(`no dataset ${name}`);
  const manifest = readManifest(json);
  const normalized = normalizeKey(key, manifest.key);
  const path = keyPath(normalized, manifest.layout);
  return path ? readValues(await getJson(folder + path), normalized, manifest.layout) : null;
}

/** The form's fields to fill, as [column, field] pairs. */
function fillTargets(form: Element): [string, HTMLInputElement][] {
  const targets: [string, HTMLInputElement][] = [];
  form.querySelectorAll("[data-ballast-fill]").forEach((field) => targets.push([field.getAttribute("data-ballast-fill") as string, field as HTMLInputElement]));
  for (const [column, token] of DEFAULT_FIELDS) {
    const field = targets.some((target) => target[0] === column) ? null : form.querySelector(`[autocomplete~="${token}"],[name="${column}"]`);
    if (field) targets.push([column as string, field as HTMLInputElement]);
  }
  return targets;
}

/** Remembers the reader's state (and ZIP) where the banners file keeps it, so banners targeted at it show on later visits. */
function rememberLocation(state: string | undefined, zip: string): void {
  const upper = (state || "").trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return;
  const banners = namespace.banners;
  if (banners) banners.setLocation({ state: upper, zip });
  else writeStored("location", { state: upper, zip });
}

/** Gives a `[data-ballast-lookup="<dataset>"]` form its behaviour; a no-op the second time. */
function init(form: Element): void {
  const name = form.getAttribute("data-ballast-lookup");
  const input = form.querySelector("[data-ballast-key],[autocomplete~=postal-code],[name=zip]") as HTMLInputElement | null;
  if (!name || !input || bound.has(form)) return;
  bound.add(form);
  let status = form.querySelector("[data-ballast-lookup-status]");
  if (!status) {
    status = document.createElement("p");
    status.className = "ballast-lookup-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
  }
  const say = (message: string) => ((status as Element).textContent = message);
  /** field -> the value this widget put there: a field holding anything else is the reader's and is left alone. */
  const filled = new Map<HTMLInputElement, string>();
  let asked = "";

  const fill = (values: TLookupValues | null) => {
    for (const [column, field] of fillTargets(form)) {
      if (field.value && field.value !== filled.get(field)) continue;
      const before = field.value;
      field.value = (values && values[column]) || "";
      filled.set(field, field.value);
      if (field.value !== before) field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  const run = (fromSubmit?: boolean) => {
    const match = ZIP.exec(input.value);
    const zip = match ? (match[1] as string) : "";
    if (!zip || (zip === asked && !fromSubmit)) {
      if (!zip) asked = "";
      if (!zip && fromSubmit) say("Enter a 5-digit ZIP code.");
      return;
    }
    asked = zip;
    lookupIn(datasetsUrl(form), name, zip).then(
      (values) => {
        if (asked !== zip) return; // the reader typed on
        fill(values);
        if (!values) return say(`ZIP code ${zip} was not found. Please enter the city and state.`);
        say(`ZIP code ${zip}: ${Object.keys(values).map((column) => values[column]).join(", ")}.`);
        if (form.getAttribute("data-ballast-remember") !== "off") rememberLocation(values.state, zip);
      },
      () => {
        if (asked !== zip) return;
        asked = "";
        say(`ZIP code ${zip} could not be looked up. Please enter the city and state.`);
      },
    );
  };

  // The manifest as soon as the reader heads for the form, so the lookup at the fifth digit is one request.
  form.addEventListener("focusin", () => lookupIn(datasetsUrl(form), name, "").catch(() => undefined));
  form.addEventListener("input", (event) => event.target === input && run());
  // A form that submits to its own page (the page module's) looks up instead; one with an action submits as usual.
  form.addEventListener("submit", (event) => {
    if (form.getAttribute("action")) return;
    event.preventDefault();
    run(true);
  });
  // A ZIP the browser restored or autofilled before this file ran.
  run();
}

const lookup: TLookup = (name, key) => lookupIn(datasetsUrl(), name, key);
lookup.version = WIDGET_VERSION;
lookup.init = init;

// window.Ballast is the only global; this file replaces the entry's stub, and a second copy reuses the first's lookup.
const host = window as unknown as { Ballast?: { lookup?: TLookup; banners?: TBannersApi } };
const namespace = (host.Ballast = host.Ballast || {});
const api = namespace.lookup && namespace.lookup.version ? namespace.lookup : (namespace.lookup = lookup);
const scan = () => document.querySelectorAll("[data-ballast-lookup]").forEach((form) => (api.init as (form: Element) => void)(form));
scan();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
