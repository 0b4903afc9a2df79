// Entry-side bootstrap: fetches the banner code (a second, content-hashed file) only on pages with a banner slot.
import type { TBannersApi } from "./banners-api";

/** Replaced at build time with `ballast-banners.<hash>.js` (the banners file is built first). */
declare const BALLAST_BANNERS_FILE: string;

// Captured while the entry runs: currentScript is null afterwards (and inside callbacks).
const entrySrc = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;
const LOADER = "data-ballast-banners-loader";

/** Loads the banners file once (it fills every slot itself), or hands new slots to it when it is already there. */
export function loadBanners(namespace: { banners?: TBannersApi }): void {
  const slots = document.querySelectorAll("[data-ballast-banners]");
  if (!slots.length) return;
  const api = namespace.banners;
  if (api) return slots.forEach((slot) => api.init(slot));
  if (document.querySelector(`script[${LOADER}]`)) return;
  const script = document.createElement("script");
  script.src = new URL(BALLAST_BANNERS_FILE, entrySrc).href;
  script.async = true;
  script.setAttribute(LOADER, "");
  (document.head || document.documentElement).appendChild(script);
}
