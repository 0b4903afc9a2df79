// Tiny server for e2e/widget.spec.ts, e2e/widget-banners.spec.ts and e2e/widget-lookup.spec.ts: host pages, the built
// widget (entry and lazily loaded banners and lookup files), a mutable live blog published from memory,
// banners/latest.json + banners/notice.json, dataset objects (datasets/<name>/...) and the lookup demo page.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { ZArchivePageSchema, ZLiveBlogHeadSchema, type TArchivePageRef, type TLiveBlogHead, type TPublishedEntry } from "../lib/render/schemas";
import type { TBuiltWidget } from "../widgets/build-widget";

/** Small pages so a dozen entries already spread over head and archive, like PAGE_SIZE / HEAD_MIN_ENTRIES in lib/render. */
export const FIXTURE_PAGE_SIZE = 5;
const FIXTURE_HEAD_MIN = 3;
export const HEAD_PATH = "/liveblogs/demo/latest.json";
/** Where the widget looks for banners by default: `../banners/` from `widgets/ballast.js`. */
export const BANNERS_PATH = "/banners/latest.json";
export const NOTICE_PATH = "/banners/notice.json";
/** widgets/demo/zip-lookup.html, served with its CDN address pointed at this server. */
export const DEMO_LOOKUP_PATH = "/demo/zip-lookup.html";
/** The CDN address the demo page names. */
export const DEMO_CDN_ORIGIN = "https://cdn.example.com";

export function entryId(seq: number): string {
  return `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`;
}

type TLoggedRequest = { path: string; status: number; atMs: number };

/** A live blog as the publisher would render it (head + sealed archive pages), rebuilt by `publish()`. */
export class FixtureBlog {
  private entries = new Map<number, TPublishedEntry>();
  private pageVersions = new Map<number, number>();
  private lastSeq = 0;
  private version = 0;
  private baseMs = Date.now() - 2 * 3600_000;
  pinnedSeq: number | null = null;
  head = "";
  pages = new Map<string, string>();

  add(count: number, kind: TPublishedEntry["kind"] = "post"): void {
    for (let i = 0; i < count; i++) {
      const seq = ++this.lastSeq;
      const createdAt = new Date(this.baseMs + seq * 60_000).toISOString();
      this.entries.set(seq, { id: entryId(seq), seq, kind, html: `<p>Entry ${seq}</p>`, author: { name: "Ada Lovelace" }, createdAt, updatedAt: createdAt, edited: false });
    }
  }

  setKind(seq: number, kind: TPublishedEntry["kind"]): void {
    this.entries.set(seq, { ...this.entry(seq), kind });
  }

  edit(seq: number, html: string): void {
    this.entries.set(seq, { ...this.entry(seq), html, updatedAt: new Date().toISOString(), edited: true });
    this.bumpPage(seq);
  }

  remove(seq: number): void {
    this.entry(seq);
    this.entries.delete(seq);
    this.bumpPage(seq);
  }

  publish(): void {
    this.version += 1;
    const newestFirst = [...this.entries.values()].sort((a, b) => b.seq - a.seq);
    const sealed = Math.floor(this.lastSeq / FIXTURE_PAGE_SIZE);
    const refs: TArchivePageRef[] = [];
    this.pages.clear();
    for (let page = sealed; page >= 1; page--) {
      const firstSeq = (page - 1) * FIXTURE_PAGE_SIZE + 1;
      const lastSeq = page * FIXTURE_PAGE_SIZE;
      const entries = newestFirst.filter((entry) => entry.seq >= firstSeq && entry.seq <= lastSeq);
      const body = JSON.stringify(
        ZArchivePageSchema.parse({ schema: 2, version: this.pageVersions.get(page) ?? 1, publishedAt: new Date(this.baseMs).toISOString(), liveblog: "demo", page, firstSeq, lastSeq, entries }),
      );
      const path = `pages/${page}.${createHash("sha256").update(body).digest("hex").slice(0, 16)}.json`;
      this.pages.set(path, body);
      refs.push({ page, path, firstSeq, lastSeq, count: entries.length });
    }
    const unsealed = newestFirst.filter((entry) => entry.seq > sealed * FIXTURE_PAGE_SIZE);
    const headEntries = unsealed.length >= FIXTURE_HEAD_MIN ? unsealed : newestFirst.slice(0, FIXTURE_HEAD_MIN);
    const head: TLiveBlogHead = {
      schema: 2,
      version: this.version,
      publishedAt: new Date().toISOString(),
      liveblog: { id: entryId(999), slug: "demo", title: "Demo", description: "", status: "live", coverageStartedAt: null, coverageEndedAt: null },
      pinned: (this.pinnedSeq !== null && this.entries.get(this.pinnedSeq)) || null,
      keyEvents: newestFirst.filter((entry) => entry.kind === "key_event").map((entry) => ({ id: entry.id, seq: entry.seq, title: `Key moment ${entry.seq}`, createdAt: entry.createdAt })),
      totalEntries: newestFirst.length,
      entries: headEntries,
      pages: refs,
    };
    this.head = JSON.stringify(ZLiveBlogHeadSchema.parse(head));
  }

  private entry(seq: number): TPublishedEntry {
    const entry = this.entries.get(seq);
    if (!entry) throw new Error(`no entry ${seq}`);
    return entry;
  }

  private bumpPage(seq: number): void {
    const page = Math.ceil(seq / FIXTURE_PAGE_SIZE);
    this.pageVersions.set(page, (this.pageVersions.get(page) ?? 1) + 1);
  }
}

export type TFixtureServer = {
  blog: FixtureBlog;
  /** Pages are served from `hostOrigin`, widget and JSON from `dataOrigin` (another origin, as on a real CDN). */
  hostOrigin: string;
  dataOrigin: string;
  /** When true the head answers 500. */
  failHead: boolean;
  /** Extra markup for /ssr.html's container (server-rendered entries to adopt). */
  ssrMarkup: string;
  /** Body of /banners.html (the banner specs put their slots and script tags here). */
  bannersPage: string;
  /** The bodies of banners/latest.json and banners/notice.json; null answers 404. */
  bannersHead: string | null;
  noticeDocument: string | null;
  /** When true both banner documents answer 500. */
  failBanners: boolean;
  /** Body of /lookup.html (the lookup specs put their forms and script tags here). */
  lookupPage: string;
  /** Dataset objects by path (`/datasets/<name>/manifest.json`, key and shard files); anything else under /datasets/ answers 404. */
  datasets: Map<string, string>;
  /** When true every dataset object answers 500. */
  failDatasets: boolean;
  requests: TLoggedRequest[];
  reset(blog?: FixtureBlog): void;
  close(): Promise<void>;
};

export async function startWidgetFixtureServer(options: { port: number; widget: TBuiltWidget }): Promise<TFixtureServer> {
  const { entry, banners, lookup } = options.widget;
  const widgetFiles: Record<string, string> = {
    "/widgets/ballast.js": entry.code,
    [`/widgets/${entry.fileName}`]: entry.code,
    [`/widgets/${banners.fileName}`]: banners.code,
    [`/widgets/${lookup.fileName}`]: lookup.code,
  };
  const hostOrigin = `http://127.0.0.1:${options.port}`;
  const dataOrigin = `http://localhost:${options.port}`;
  const headUrl = `${dataOrigin}${HEAD_PATH}`;
  const script = `<script src="${dataOrigin}/widgets/ballast.js" data-ballast-liveblog="${headUrl}" data-poll-seconds="1" async></script>`;
  const hostPages: Record<string, () => string> = {
    "/host.html": () => `<h1>News site</h1><p>Intro</p>${script}<footer>Footer</footer>`,
    "/ssr.html": () => `<h1>Static page</h1><div data-ballast-liveblog="${headUrl}" data-poll-seconds="1">${state.ssrMarkup}</div>${script.replace(/ data-ballast-liveblog="[^"]*"/, "")}`,
    "/blank.html": () => "<h1>Blank</h1>",
    "/banners.html": () => state.bannersPage,
    "/lookup.html": () => state.lookupPage,
  };
  // The demo page as a user would publish it, its script tag pointed at this server instead of the CDN.
  const demoPage = () => readFileSync(path.join(process.cwd(), "widgets", "demo", "zip-lookup.html"), "utf8").split(DEMO_CDN_ORIGIN).join(dataOrigin);

  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", dataOrigin).pathname;
    if (path === DEMO_LOOKUP_PATH) {
      state.requests.push({ path, status: 200, atMs: Date.now() });
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return response.end(demoPage());
    }
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      state.requests.push({ path, status, atMs: Date.now() });
      response.writeHead(status, { "Content-Type": type, "Access-Control-Allow-Origin": "*", ...headers });
      response.end(body);
    };
    // A whole document (a page as lib/render renders it) is served as is; anything else inside the host page's body.
    if (path === "/lookup.html" && state.lookupPage.startsWith("<!doctype")) return send(200, "text/html; charset=utf-8", state.lookupPage);
    const hostPage = hostPages[path];
    if (hostPage) return send(200, "text/html; charset=utf-8", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>${hostPage()}</body></html>`);
    const widgetFile = widgetFiles[path];
    if (widgetFile !== undefined) return send(200, "text/javascript; charset=utf-8", widgetFile);
    if (path === BANNERS_PATH || path === NOTICE_PATH) {
      const body = path === BANNERS_PATH ? state.bannersHead : state.noticeDocument;
      if (state.failBanners) return send(500, "text/plain", "upstream error");
      return body === null ? send(404, "text/plain", "not found") : send(200, "application/json", body, { "Cache-Control": "max-age=2", "Set-Cookie": "ballast_probe=1; Path=/" });
    }
    if (path.startsWith("/datasets/")) {
      if (state.failDatasets) return send(500, "text/plain", "upstream error");
      const body = state.datasets.get(path);
      // no-store: every request the widget makes reaches this log (its own memory is what a repeated lookup must use).
      // A cookie the widget must never store: its fetches omit credentials.
      return body === undefined ? send(404, "text/plain", "not found") : send(200, "application/json", body, { "Cache-Control": "no-store", "Set-Cookie": "ballast_probe=1; Path=/" });
    }
    if (path === HEAD_PATH) {
      if (state.failHead) return send(500, "text/plain", "upstream error");
      // A cookie the widget must never store: its fetches omit credentials.
      return send(200, "application/json", state.blog.head, { "Cache-Control": "max-age=2", "Set-Cookie": "ballast_probe=1; Path=/" });
    }
    const pageBody = state.blog.pages.get(path.replace("/liveblogs/demo/", ""));
    if (pageBody) return send(200, "application/json", pageBody, { "Cache-Control": "max-age=31536000, immutable" });
    send(404, "text/plain", "not found");
  });

  const state: TFixtureServer = {
    blog: new FixtureBlog(),
    hostOrigin,
    dataOrigin,
    failHead: false,
    ssrMarkup: "",
    bannersPage: "",
    bannersHead: null,
    noticeDocument: null,
    failBanners: false,
    lookupPage: "",
    datasets: new Map(),
    failDatasets: false,
    requests: [],
    reset(blog = new FixtureBlog()) {
      state.blog = blog;
      state.failHead = false;
      state.ssrMarkup = "";
      state.bannersPage = "";
      state.bannersHead = state.noticeDocument = null;
      state.failBanners = false;
      state.lookupPage = "";
      state.datasets = new Map();
      state.failDatasets = false;
      state.requests = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, resolve);
  });
  return state;
}
