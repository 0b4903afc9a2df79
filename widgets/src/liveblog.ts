// Widget entry: mounts a live blog after each `<script data-ballast-liveblog>` and into each `<div data-ballast-liveblog>`.
import { mountLiveBlog } from "./mount-liveblog";

export const WIDGET_VERSION = "1.0.0";

type TLiveBlogApi = { version: string; init(element: Element): void };
type TBallastNamespace = { liveblog?: TLiveBlogApi };

const mounted = new WeakSet<Element>();

/** Mounts a live blog for a script tag (inserted right after it) or a container element; a no-op the second time. */
function init(element: Element): void {
  const headUrl = element.getAttribute("data-ballast-liveblog");
  if (!headUrl || mounted.has(element)) return;
  mounted.add(element);
  let root = element as HTMLElement;
  if (element.tagName === "SCRIPT") {
    root = document.createElement("div");
    element.parentNode?.insertBefore(root, element.nextSibling);
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
const scan = () => document.querySelectorAll("[data-ballast-liveblog]").forEach((element) => api.init(element));
scan();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
