import { describe, expect, it } from "vitest";
import { formatUtcTime, htmlToPlainText, renderLiveBlogPage, type TLiveBlogPageOptions } from "./render-liveblog-page";
import { ZLiveBlogHeadSchema, type TLiveBlogHead, type TPublishedEntry } from "./schemas";

const options: TLiveBlogPageOptions = {
  pageUrl: "https://cdn.example.org/liveblogs/election-night/index.html",
  headUrl: "https://cdn.example.org/liveblogs/election-night/latest.json",
  widgetUrl: "https://cdn.example.org/widgets/ballast.abc123.js",
  siteName: "The Example",
};

const startMs = Date.parse("2026-11-27T20:00:00.000Z");

function entryId(seq: number): string {
  return `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`;
}

function entry(seq: number, overrides: Partial<TPublishedEntry> = {}): TPublishedEntry {
  const at = new Date(startMs + seq * 60_000).toISOString();
  return { id: entryId(seq), seq, kind: "post", html: `<p>Entry ${seq}</p>`, author: { name: "Ada" }, createdAt: at, updatedAt: at, edited: false, ...overrides };
}

/** A validated head with entries newest first; `overrides` replaces top-level fields. */
function head(entries: TPublishedEntry[], overrides: Partial<TLiveBlogHead> = {}, liveblog: Partial<TLiveBlogHead["liveblog"]> = {}): TLiveBlogHead {
  return ZLiveBlogHeadSchema.parse({
    schema: 2,
    version: 7,
    publishedAt: "2026-11-27T22:00:00.000Z",
    liveblog: {
      id: "00000000-0000-4000-8000-00000000abcd",
      slug: "election-night",
      title: "Election night",
      description: "Results as they come in",
      status: "live",
      coverageStartedAt: "2026-11-27T19:30:00.000Z",
      coverageEndedAt: null,
      ...liveblog,
    },
    pinned: null,
    keyEvents: [],
    totalEntries: entries.length,
    entries: [...entries].sort((a, b) => b.seq - a.seq),
    pages: [],
    ...overrides,
  });
}

function jsonLd(html: string): Record<string, unknown> & { liveBlogUpdate: Record<string, unknown>[] } {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match?.[1] ?? "null");
}

describe("renderLiveBlogPage", () => {
  it("is a complete HTML5 document with canonical, Open Graph and Twitter metadata", () => {
    const html = renderLiveBlogPage(head([entry(1)]), options);
    expect(html.startsWith("<!doctype html>\n<html lang=\"en\">")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    for (const tag of [
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      "<title>Election night – The Example</title>",
      '<meta name="description" content="Results as they come in">',
      `<link rel="canonical" href="${options.pageUrl}">`,
      '<meta property="og:type" content="article">',
      '<meta property="og:title" content="Election night">',
      '<meta property="og:description" content="Results as they come in">',
      `<meta property="og:url" content="${options.pageUrl}">`,
      '<meta property="og:site_name" content="The Example">',
      '<meta property="article:published_time" content="2026-11-27T19:30:00.000Z">',
      '<meta property="article:modified_time" content="2026-11-27T22:00:00.000Z">',
      '<meta name="twitter:card" content="summary">',
      `<script src="${options.widgetUrl}" async></script>`,
    ]) {
      expect(html).toContain(tag);
    }
    expect(html).toMatch(/<style>:root\{--ballast-font:[^}]*--ballast-accent:[^}]*--ballast-text:[^}]*--ballast-muted:[^}]*--ballast-bg:[^}]*--ballast-border:/);
    expect(html).not.toMatch(/<link rel="stylesheet"/);
  });

  it("emits LiveBlogPosting JSON-LD with one BlogPosting per head entry", () => {
    const long = `<p>${"word ".repeat(40)}</p>`;
    const entries = [entry(1), entry(2, { html: long, author: { name: "Grace" }, edited: true, updatedAt: "2026-11-27T21:30:00.000Z" }), entry(3)];
    const data = jsonLd(renderLiveBlogPage(head(entries), options));
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "LiveBlogPosting",
      headline: "Election night",
      description: "Results as they come in",
      url: options.pageUrl,
      datePublished: "2026-11-27T19:30:00.000Z",
      dateModified: "2026-11-27T22:00:00.000Z",
      coverageStartTime: "2026-11-27T19:30:00.000Z",
    });
    expect(data).not.toHaveProperty("coverageEndTime");
    expect(data.liveBlogUpdate).toHaveLength(3);
    expect(data.liveBlogUpdate.map((update) => update.url)).toEqual([3, 2, 1].map((seq) => `${options.pageUrl}#entry-${entryId(seq)}`));
    const edited = data.liveBlogUpdate[1];
    expect(edited).toMatchObject({
      "@type": "BlogPosting",
      articleBody: "word ".repeat(40).trim(),
      datePublished: entry(2).createdAt,
      dateModified: "2026-11-27T21:30:00.000Z",
      author: { "@type": "Person", name: "Grace" },
    });
    expect(String(edited?.headline)).toHaveLength(110);
    expect(String(edited?.headline).endsWith("…")).toBe(true);
    expect(data.liveBlogUpdate[0]).toMatchObject({ headline: "Entry 3", articleBody: "Entry 3" });
  });

  it("falls back to the earliest entry for datePublished when coverage has no start time", () => {
    const data = jsonLd(renderLiveBlogPage(head([entry(5), entry(2), entry(9)], {}, { coverageStartedAt: null }), options));
    expect(data.datePublished).toBe(entry(2).createdAt);
  });

  it("uses the blog title as the headline of an entry without text, and keeps drafts out of search", () => {
    const html = renderLiveBlogPage(head([entry(1, { html: '<figure><img src="/media/a.jpg" alt=""></figure>' })], {}, { status: "draft" }), options);
    expect(jsonLd(html).liveBlogUpdate[0]).toMatchObject({ headline: "Election night", articleBody: "" });
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain('class="ballast-status');
    expect(renderLiveBlogPage(head([entry(1)]), options)).not.toContain('name="robots"');
  });

  it("escapes the head's text and attribute values, and keeps JSON-LD inside its script element", () => {
    const evil = `</script><script>alert(1)</script>`;
    const html = renderLiveBlogPage(
      head([entry(1, { author: { name: `Bob "the <b>builder</b>"` }, html: `<p>${evil.replace(/</g, "&lt;")}</p>` })], {}, { title: evil, description: `Say "hi" & 'bye'` }),
      { ...options, pageUrl: `https://x.example/?a=1&b="2"`, siteName: "A & B" },
    );
    expect(html).not.toContain("<script>alert(1)");
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain("<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(html).toContain('<meta name="description" content="Say &quot;hi&quot; &amp; &#39;bye&#39;">');
    expect(html).toContain('<link rel="canonical" href="https://x.example/?a=1&amp;b=&quot;2&quot;">');
    expect(html).toContain('<span class="ballast-author">Bob &quot;the &lt;b&gt;builder&lt;/b&gt;&quot;</span>');
    expect(html).toContain("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)");
    const data = jsonLd(html);
    expect(data.headline).toBe(evil);
    expect(data.liveBlogUpdate[0]?.articleBody).toBe(evil);
    expect(data.publisher).toEqual({ "@type": "Organization", name: "A & B" });
  });

  it("escapes U+2028 and U+2029 in JSON-LD", () => {
    const html = renderLiveBlogPage(head([entry(1)], {}, { title: "a\u2028b\u2029c" }), options);
    expect(html).toContain('"headline":"a\\u2028b\\u2029c"');
    expect(jsonLd(html).headline).toBe("a\u2028b\u2029c");
  });

  it("renders entries newest first in the widget's markup contract", () => {
    const entries = [
      entry(1),
      entry(2, { kind: "key_event", html: "<h2>Ohio called</h2>" }),
      entry(3, { edited: true, updatedAt: "2026-11-27T21:45:00.000Z", author: { name: "Grace" } }),
    ];
    const html = renderLiveBlogPage(head(entries), options);
    const root = `<div class="ballast-entries" aria-live="polite">\n`;
    expect(html).toContain(`<div class="ballast-liveblog" data-ballast-liveblog="${options.headUrl}" data-ballast-version="7">\n`);
    expect(html).toContain(root);
    const stream = html.slice(html.indexOf(root) + root.length, html.indexOf(`<script src=`));
    expect([...stream.matchAll(/<article [^>]*id="entry-([^"]+)"/g)].map((match) => match[1])).toEqual([3, 2, 1].map(entryId));
    expect(stream).toContain(
      `<article class="ballast-entry ballast-entry--post" id="entry-${entryId(3)}" data-entry-id="${entryId(3)}" data-entry-seq="3" data-entry-updated="2026-11-27T21:45:00.000Z">` +
        `<header class="ballast-entry-header"><time datetime="${entry(3).createdAt}">27 Nov 2026, 20:03 UTC</time>` +
        `<span class="ballast-author">Grace</span>` +
        `<span class="ballast-label ballast-label--updated" title="Updated 27 Nov 2026, 21:45 UTC">Updated</span>` +
        `<a class="ballast-permalink" href="#entry-${entryId(3)}">Link</a></header>` +
        `<div class="ballast-entry-body"><p>Entry 3</p></div></article>\n`,
    );
    expect(stream).toContain(
      `<article class="ballast-entry ballast-entry--key_event" id="entry-${entryId(2)}" data-entry-id="${entryId(2)}" data-entry-seq="2" data-entry-updated="${entry(2).createdAt}">` +
        `<header class="ballast-entry-header"><time datetime="${entry(2).createdAt}">27 Nov 2026, 20:02 UTC</time>` +
        `<span class="ballast-author">Ada</span><span class="ballast-label ballast-label--key-event">Key event</span>` +
        `<a class="ballast-permalink" href="#entry-${entryId(2)}">Link</a></header>` +
        `<div class="ballast-entry-body"><h2>Ohio called</h2></div></article>\n`,
    );
    expect(stream).toMatch(/<\/article>\n<\/div><\/div>\n<\/main>\n$/);
    expect(html).toContain('<p class="ballast-status ballast-status--live"><span class="ballast-badge">Live</span></p>');
    expect(html).not.toContain(`<p class="ballast-older"`);
    expect(html).not.toContain("<noscript>");
  });

  it("shows the pinned entry and the key-event summary above the stream, with unique ids", () => {
    const keyEntry = entry(2, { kind: "key_event", html: "<p>Ohio called</p>" });
    const pinned = entry(1, { html: "<p>How to follow tonight</p>" });
    const html = renderLiveBlogPage(
      head([pinned, keyEntry, entry(3)], {
        pinned,
        keyEvents: [
          { id: keyEntry.id, seq: 2, title: "Ohio <called>", createdAt: keyEntry.createdAt },
          { id: entryId(40), seq: 40, title: "Older key event", createdAt: "2026-11-26T09:05:00.000Z" },
        ],
      }),
      options,
    );
    const pinnedAt = html.indexOf('<section class="ballast-pinned"');
    const keyEventsAt = html.indexOf('<nav class="ballast-key-events"');
    const rootAt = html.indexOf('<div class="ballast-liveblog"');
    const streamAt = html.indexOf('<div class="ballast-entries"');
    // Inside the widget's container, before the stream: the widget replaces them with live copies.
    expect(pinnedAt).toBeGreaterThan(rootAt);
    expect(rootAt).toBeGreaterThan(html.indexOf("<h1>"));
    expect(keyEventsAt).toBeGreaterThan(pinnedAt);
    expect(streamAt).toBeGreaterThan(keyEventsAt);

    const pinnedSection = html.slice(pinnedAt, keyEventsAt);
    expect(pinnedSection).toContain(`<article class="ballast-entry ballast-entry--post" id="pinned-${pinned.id}" data-pinned-entry-id="${pinned.id}">`);
    expect(pinnedSection).toContain(`<a class="ballast-permalink" href="#entry-${pinned.id}">`);
    expect(pinnedSection).toContain("<p>How to follow tonight</p>");
    expect(pinnedSection).not.toContain("data-entry-id");

    const summary = html.slice(keyEventsAt, streamAt);
    expect(summary).toContain(`<li><a href="#entry-${keyEntry.id}"><time datetime="${keyEntry.createdAt}">27 Nov 2026, 20:02 UTC</time>Ohio &lt;called&gt;</a></li>`);
    expect(summary).toContain(`<li><a href="#entry-${entryId(40)}"><time datetime="2026-11-26T09:05:00.000Z">26 Nov 2026, 09:05 UTC</time>Older key event</a></li>`);

    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("links the pinned copy to itself when the pinned entry is not in the head", () => {
    const pinned = entry(1);
    const html = renderLiveBlogPage(head([entry(30), entry(31)], { pinned }), options);
    expect(html).toContain(`<a class="ballast-permalink" href="#pinned-${pinned.id}">`);
    expect(html).not.toContain('<nav class="ballast-key-events"');
  });

  it("counts older updates when the head has archive pages", () => {
    const page = { page: 1, path: "pages/1.0123456789abcdef.json", firstSeq: 1, lastSeq: 50, count: 50 };
    const html = renderLiveBlogPage(head([entry(51), entry(52)], { totalEntries: 52, pages: [page] }), options);
    expect(html).toContain(
      `</article>\n</div>\n<noscript><p class="ballast-noscript">Older updates need JavaScript.</p></noscript>\n<p class="ballast-older" data-older-count="50">50 older updates</p>\n</div>`,
    );
    const one = renderLiveBlogPage(head([entry(51)], { totalEntries: 2, pages: [{ ...page, count: 1 }] }), options);
    expect(one).toContain(">1 older update</p>");
  });

  it("says when coverage ended, in the page and in JSON-LD", () => {
    const html = renderLiveBlogPage(head([entry(1)], {}, { status: "ended", coverageEndedAt: "2026-11-28T04:12:00.000Z" }), options);
    expect(html).toContain('<p class="ballast-status ballast-status--ended">Coverage ended <time datetime="2026-11-28T04:12:00.000Z">28 Nov 2026, 04:12 UTC</time></p>');
    expect(html).not.toContain(`<span class="ballast-badge">`);
    expect(jsonLd(html).coverageEndTime).toBe("2026-11-28T04:12:00.000Z");
  });

  it("is byte-identical for the same input", () => {
    const entries = Array.from({ length: 50 }, (_, index) => entry(index + 1, { kind: index % 7 === 0 ? "key_event" : "post", edited: index % 5 === 0 }));
    expect(renderLiveBlogPage(head(entries), options)).toBe(renderLiveBlogPage(head(structuredClone(entries)), { ...options }));
  });
});

describe("htmlToPlainText", () => {
  it("drops tags, keeps words apart across blocks, decodes entities and collapses whitespace", () => {
    expect(htmlToPlainText("<p>Polls <strong>close</strong> at 7:30&nbsp;pm</p>\n<p>Ohio &amp; Texas&hellip;</p><ul><li>a</li><li>b</li></ul>")).toBe(
      "Polls close at 7:30 pm Ohio & Texas… a b",
    );
    expect(htmlToPlainText('<a href="/x?a=1&amp;b=2" title="1 > 0">link</a><br>next')).toBe("link next");
    expect(htmlToPlainText("&lt;script&gt; &#39;q&#x27; &#128512; &bogus; &#xD800;")).toBe("<script> 'q' 😀 &bogus; \ufffd");
    expect(htmlToPlainText("<!-- note --><style>p{}</style>  ")).toBe("");
  });
});

describe("formatUtcTime", () => {
  it("formats in English and UTC whatever the input offset", () => {
    expect(formatUtcTime("2026-11-27T21:04:59.999Z")).toBe("27 Nov 2026, 21:04 UTC");
    expect(formatUtcTime("2027-01-05T00:00:00Z")).toBe("5 Jan 2027, 00:00 UTC");
  });
});
