import { describe, expect, it } from "vitest";
import type { TPageHead } from "../pages/schemas";
import { renderPageHtml } from "./render-page-html";

const options = { widgetUrl: "https://cdn.example/widgets/ballast.abc123.js", bannersUrl: "https://cdn.example/banners/latest.json" };

function head(overrides: Partial<TPageHead> = {}): TPageHead {
  return {
    schema: 1,
    version: 7,
    publishedAt: "2026-11-03T12:00:00.000Z",
    page: { slug: "today", title: "Election day", description: "", url: "https://cdn.example/pages/today/" },
    modules: [],
    ...overrides,
  };
}

describe("the static page of a page", () => {
  it("escapes text in content and attributes, and is byte-identical for the same input", () => {
    const input = head({ page: { slug: "today", title: `"><script>alert(1)</script>`, description: "Tom & Jerry's <b>", url: "https://cdn.example/pages/today/" }, modules: [{ id: "h", type: "headline", title: "<img src=x onerror=alert(1)>", text: "a & b", link: null }] });
    const html = renderPageHtml(input, options);
    expect(html).toBe(renderPageHtml(input, options));
    expect(html).toContain("<title>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>");
    expect(html).toContain('<meta property="og:description" content="Tom &amp; Jerry&#39;s &lt;b&gt;">');
    expect(html).toContain("<h2>&lt;img src=x onerror=alert(1)&gt;</h2><p>a &amp; b</p>");
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it("drops script URLs even if a stored head held one, and takes og:image from the first usable image", () => {
    const html = renderPageHtml(
      head({
        modules: [
          { id: "bad", type: "image", src: "javascript:alert(1)", alt: "x", caption: "", link: null },
          { id: "h", type: "headline", title: "Vote", text: "", link: "javascript:alert(1)" },
          { id: "img", type: "image", src: "https://images.example/a.jpg", alt: "Line at a polling place", caption: "Morning", link: "https://vote.example/" },
        ],
      }),
      options,
    );
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain("<h2>Vote</h2>");
    expect(html).toContain('<meta property="og:image" content="https://images.example/a.jpg">');
    expect(html).toContain('<a href="https://vote.example/"><img src="https://images.example/a.jpg" alt="Line at a polling place"></a><figcaption class="ballast-caption">Morning</figcaption>');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
  });

  it("falls back to the first headline for the description, and has no og:image without images", () => {
    const html = renderPageHtml(head({ modules: [{ id: "h", type: "headline", title: "Polls close at 7:30", text: "Find your polling place", link: null }] }), options);
    expect(html).toContain('<meta name="description" content="Find your polling place">');
    expect(html).not.toContain("og:image");
    expect(html).toContain('<meta property="og:type" content="website">');
    expect(html).toContain('<link rel="canonical" href="https://cdn.example/pages/today/">');
  });
});
