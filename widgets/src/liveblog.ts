// Widget entry: mounts a live blog after each `<script data-ballast-liveblog>` and into each `<div data-ballast-liveblog>`,
// loads the banner code lazily when the page has a `[data-ballast-banners]` slot, and defines `Ballast.lookup` (a stub
// that loads the lookup code, also loaded at once when the page has a `[data-ballast-lookup]` form).
import type { TBannersApi } from "./banners-api";
import { loadBanners, loadLookup } from "./load-banners";
import type { TLookup } from "./lookup-api";
import { mountLiveBlog } from "./mount-liveblog";
import { WIDGET_VERSION } from "./version";

type TLiveBlogApi = { version: string; init(element: Element): void };
type TBallastNamespace = { liveblog?: TLiveBlogApi; banners?: TBannersApi; lookup?: TLookup };

const mounted = new WeakSet<Element>();

/** Mounts a live blog for a script tag (inserted right after it) or a container element; a no-op the second time. */
function init(element: Element): void {
  const headUrl = element.getAttribute("data-ballast-liveblog");
  if (!headUrl || mounted.has(element)) return;
  mounted.add(element);
  let root = element as HTMLElement;
  if (element.tagName === "SCRIPT") {
    root = document.createElement("div");
    element.after(root);
  }
  mountLiveBlog(root, {
    headUrl: new URL(headUrl, document.baseURI).href,
    pollSeconds: Math.max(1, Number(element.getAttribute("data-poll-seconds")) || 5),
  });
}

// The only global: window.Ballast. A second copy of the script reuses the first one's API (and its mounted set).
const host = window as unknown as { Ballast?: TBallastNamespace };
const namespace = (host.Ballast = host.Ballast || {});
const api = namespace.liveblog || (namespace.liveblog = { version: WIDGET_VERSION, init });
const scan = () => {
  document.querySelectorAll("[data-ballast-liveblog]").forEach((element) => api.init(element));
  loadBanners(namespace);
  loadLookup(namespace);
};
scan();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
