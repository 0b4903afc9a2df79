// Entry-side bootstrap: fetches the banner code and the lookup code (content-hashed files of their own) only on pages
// that need them, so the entry stays small.
import type { TBannersApi } from "./banners-api";
import type { TLookup } from "./lookup-api";

/** Replaced at build time with `ballast-banners.<hash>.js` and `ballast-lookup.<hash>.js` (built before the entry). */
declare const BALLAST_BANNERS_FILE: string;
declare const BALLAST_LOOKUP_FILE: string;
declare const BALLAST_QUESTIONS_FILE: string;

// Captured while the entry runs: currentScript is null afterwards (and inside callbacks).
const entrySrc = ((document.currentScript || {}) as HTMLScriptElement).src || document.baseURI;
const BANNERS_LOADER = "data-ballast-banners-loader";

/** Appends an async script for `file`, resolved against the entry's own URL. */
function appendScript(file: string): HTMLScriptElement {
  const script = document.createElement("script");
  script.src = new URL(file, entrySrc).href;
  script.async = true;
  return (document.head || document.documentElement).appendChild(script);
}

/** Loads the banners file once (it fills every slot itself), or hands new slots to it when it is already there. */
export function loadBanners(namespace: { banners?: TBannersApi }): void {
  const slots = document.querySelectorAll("[data-ballast-banners]");
  if (!slots.length) return;
  const api = namespace.banners;
  if (api) return slots.forEach((slot) => api.init(slot));
  if (!document.querySelector(`script[${BANNERS_LOADER}]`)) appendScript(BALLAST_BANNERS_FILE).setAttribute(BANNERS_LOADER, "");
}

let lookupLoading: Promise<unknown> | undefined;

/** Loads the lookup file once; it replaces the stub and binds every lookup form itself. Settles whether it loads or not. */
const loadLookupFile = () =>
  lookupLoading ||
  (lookupLoading = new Promise((resolve) => {
    const script = appendScript(BALLAST_LOOKUP_FILE);
    script.onload = script.onerror = resolve;
  }));

/** The stub this copy of the entry defined, if it defined one. */
let ownStub: TLookup | undefined;

/**
 * Defines `Ballast.lookup` as a stub, unless a lookup is already there (a second copy of the entry keeps the first's),
 * that loads the lookup file, then forwards to the real function it defines; when the file did not load (the stub is
 * still in place), the stub rejects and forgets the attempt, so the next call tries again. While its stub is in place,
 * loads the file at once when the page has a `[data-ballast-lookup]` form.
 */
export function loadLookup(namespace: { lookup?: TLookup }): void {
  const stub: TLookup =
    namespace.lookup ||
    (namespace.lookup = ownStub =
      (name, key) =>
        loadLookupFile().then(() => {
          if (namespace.lookup !== stub) return (namespace.lookup as TLookup)(name, key);
          lookupLoading = undefined;
          throw Error("Ballast lookup unavailable");
        }));
  if (stub === ownStub && document.querySelector("[data-ballast-lookup]")) loadLookupFile();
}

let questionsFile: Promise<unknown> | undefined;

/** Hands a head's `questions` block to the questions file (loaded the first time a head has one); none removes the form. */
export function loadQuestions(root: HTMLElement, questions?: object): void {
  if (questions || questionsFile)
    (questionsFile ||= new Promise((resolve) => (appendScript(BALLAST_QUESTIONS_FILE).onload = resolve))).then(() => {
      const mount = (window as unknown as { Ballast: { questions?: (root: HTMLElement, questions?: object) => void } }).Ballast.questions;
      if (mount) mount(root, questions);
    });
}
