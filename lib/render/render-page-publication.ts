// Pure: what one publish of a page uploads, from its snapshot: the static page, then the head
// (`pages/<slug>/latest.json`) last. Also the rollback variant (an earlier head re-pointed, its HTML rendered again
// from it and re-sanitised) and what a draft or archived page withdraws.
import { renderEntryHtml, sanitizeRenderedHtml } from "../content/render-entry-html";
import type { TPublishPlan, TRenderContext, TWithdrawal } from "../publishing/define-document";
import { httpUrlOrNull, ZPageHeadSchema, ZPageModuleSchema, type TPageHead, type TPageStatus, type TPublishedPageModule } from "../pages/schemas";
import { renderPageHtml } from "./render-page-html";

export const PAGE_KIND = "page";

export function pageHeadKey(slug: string): string {
  return `pages/${slug}/latest.json`;
}

export function pageHtmlKey(slug: string): string {
  return `pages/${slug}/index.html`;
}

/** The page's public address: its index.html by name (S3 behind CloudFront serves no folder index). */
export function pagePublicUrl(publicBaseUrl: string, slug: string): string {
  return `${publicBaseUrl}/pages/${slug}/index.html`;
}

export type TPageSnapshot = {
  version: number;
  page: { id: string; slug: string; title: string; description: string; status: TPageStatus; modules: unknown };
  /** The live blogs the page's modules name, by slug, as they are now (a slug with no blog is absent). */
  liveBlogs: Record<string, { status: string; title: string }>;
};

/** Live blogs readers can fetch: every status but draft (ended and archived blogs stay published). */
function isPublicLiveBlog(blog: { status: string } | undefined): boolean {
  return blog !== undefined && blog.status !== "draft";
}

/** The base for the rich-text media check; a rollback's format check renders with no base URL at all. */
function mediaBaseOf(publicBaseUrl: string): string {
  return httpUrlOrNull(publicBaseUrl) ? publicBaseUrl : "https://media.invalid";
}

function publishedModules(snapshot: TPageSnapshot, publicBaseUrl: string): TPublishedPageModule[] {
  const stored = Array.isArray(snapshot.page.modules) ? (snapshot.page.modules as unknown[]) : [];
  const modules: TPublishedPageModule[] = [];
  for (const raw of stored) {
    // Stored modules were validated on write; one that no longer parses is left out rather than failing the page.
    const parsed = ZPageModuleSchema.safeParse(raw);
    if (!parsed.success) continue;
    const block = parsed.data;
    switch (block.type) {
      case "headline":
        modules.push({ id: block.id, type: "headline", title: block.title, text: block.text, link: block.link });
        break;
      case "image":
        modules.push({ id: block.id, type: "image", src: block.src, alt: block.alt, caption: block.caption, link: block.link });
        break;
      case "banners":
        modules.push({ id: block.id, type: "banners", placement: block.placement });
        break;
      case "liveblog":
        // A draft or missing blog renders nothing public: its objects are not out.
        if (!isPublicLiveBlog(snapshot.liveBlogs[block.slug])) break;
        modules.push({ id: block.id, type: "liveblog", slug: block.slug, headUrl: `${publicBaseUrl}/liveblogs/${block.slug}/latest.json`, pageUrl: `${publicBaseUrl}/liveblogs/${block.slug}/index.html` });
        break;
      case "lookup":
        modules.push({ id: block.id, type: "lookup", dataset: block.dataset, label: block.label });
        break;
      case "richtext": {
        // Sanitised on write; again here, with the entries' reader pass (embeds expanded, a final gate).
        const html = renderEntryHtml(block.html, { mediaBaseUrl: mediaBaseOf(publicBaseUrl) });
        if (html) modules.push({ id: block.id, type: "richtext", html });
        break;
      }
    }
  }
  return modules;
}

export function buildPageHead(snapshot: TPageSnapshot, context: Pick<TRenderContext, "publicBaseUrl" | "publishedAt">): TPageHead {
  const { page } = snapshot;
  return {
    schema: 1,
    version: snapshot.version,
    publishedAt: context.publishedAt.toISOString(),
    page: { slug: page.slug, title: page.title, description: page.description, url: pagePublicUrl(context.publicBaseUrl, page.slug) },
    modules: publishedModules(snapshot, context.publicBaseUrl),
  };
}

function liveBlogTitles(liveBlogs: TPageSnapshot["liveBlogs"] | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(liveBlogs ?? {}).map(([slug, blog]) => [slug, blog.title]));
}

function planFor(head: TPageHead, context: TRenderContext, liveBlogs?: TPageSnapshot["liveBlogs"]): TPublishPlan {
  const html = renderPageHtml(head, {
    widgetUrl: `${context.publicBaseUrl}/${context.widgetKey}`,
    bannersUrl: `${context.publicBaseUrl}/banners/latest.json`,
    liveBlogTitles: liveBlogTitles(liveBlogs),
  });
  const headObject = { key: pageHeadKey(head.page.slug), body: JSON.stringify(head) };
  // The head goes last: readers polling it never see a version whose static page is not out yet.
  return { objects: [{ key: pageHtmlKey(head.page.slug), body: html }, headObject], head: headObject };
}

export function renderPagePublication(snapshot: TPageSnapshot, context: TRenderContext): TPublishPlan {
  return planFor(buildPageHead(snapshot, context), context, snapshot.liveBlogs);
}

/** Re-points readers at an earlier head: its modules with a rising version and `rolledBackTo`, its HTML rendered again
 * from it. Rich text and links are checked again, and (given the current snapshot) a live blog that is no longer
 * public is left out. */
export function renderPageRollback(storedHead: string, context: TRenderContext & { version: number; toVersion: number }, current?: TPageSnapshot): TPublishPlan {
  const stored = ZPageHeadSchema.parse(JSON.parse(storedHead));
  const mediaBaseUrl = mediaBaseOf(context.publicBaseUrl);
  const modules: TPublishedPageModule[] = [];
  for (const block of stored.modules) {
    if (block.type === "richtext") {
      const html = sanitizeRenderedHtml(block.html, { mediaBaseUrl });
      if (html) modules.push({ ...block, html });
    } else if (block.type === "liveblog") {
      if (current && !isPublicLiveBlog(current.liveBlogs[block.slug])) continue;
      modules.push(block);
    } else if (block.type === "headline" || block.type === "image") {
      const link = block.link === null ? null : httpUrlOrNull(block.link);
      if (block.type === "image" && httpUrlOrNull(block.src) === null) continue;
      modules.push({ ...block, link });
    } else {
      modules.push(block);
    }
  }
  const head: TPageHead = { ...stored, version: context.version, publishedAt: context.publishedAt.toISOString(), rolledBackTo: context.toVersion, modules };
  return planFor(head, context, current?.liveBlogs);
}

/** Drafts are private and archived pages are gone: both objects leave the target. */
export function withdrawPage(snapshot: TPageSnapshot): TWithdrawal | null {
  if (snapshot.page.status === "live") return null;
  return { keys: [pageHeadKey(snapshot.page.slug), pageHtmlKey(snapshot.page.slug)] };
}
