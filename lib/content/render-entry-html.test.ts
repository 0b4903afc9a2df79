import { describe, expect, it } from "vitest";
import { renderEntryHtml, sanitizeRenderedHtml } from "./render-entry-html";
import { sanitizeEntryHtml } from "./sanitize-entry-html";
import { BENIGN_SAMPLES, CORPUS_MEDIA_BASE_URL, XSS_VECTORS } from "../../test/fixtures/xss-corpus";

const options = { mediaBaseUrl: CORPUS_MEDIA_BASE_URL };
const render = (html: string) => renderEntryHtml(html, options);
const placeholder = (provider: string, url: string) => `<div data-embed="${provider}" data-url="${url}"></div>`;
const YOUTUBE_FRAME =
  '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video" loading="lazy" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups" allow="encrypted-media; picture-in-picture; fullscreen" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>';

describe("renderEntryHtml", () => {
  it("expands a YouTube placeholder into a sandboxed, privacy-enhanced iframe", () => {
    expect(render(placeholder("youtube", "https://youtu.be/dQw4w9WgXcQ"))).toBe(`<figure class="ballast-embed ballast-embed--youtube">${YOUTUBE_FRAME}</figure>`);
  });

  it("expands an Instagram placeholder into a sandboxed iframe of the post's embed page", () => {
    expect(render(placeholder("instagram", "https://www.instagram.com/reel/C0ffee12345/"))).toBe(
      '<figure class="ballast-embed ballast-embed--instagram"><iframe src="https://www.instagram.com/p/C0ffee12345/embed" title="Instagram post" loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox" referrerpolicy="strict-origin-when-cross-origin"></iframe></figure>',
    );
  });

  it("renders X and Bluesky posts as link cards", () => {
    expect(render(placeholder("x", "https://twitter.com/jack/status/20"))).toBe(
      '<figure class="ballast-embed ballast-embed--x"><blockquote><p><a href="https://x.com/jack/status/20" rel="noopener noreferrer nofollow">View the post on X</a></p></blockquote></figure>',
    );
    expect(render(placeholder("bluesky", "https://bsky.app/profile/alice.bsky.social/post/3k2yihcrp6f2c"))).toBe(
      '<figure class="ballast-embed ballast-embed--bluesky"><blockquote><p><a href="https://bsky.app/profile/alice.bsky.social/post/3k2yihcrp6f2c" rel="noopener noreferrer nofollow">View the post on Bluesky</a></p></blockquote></figure>',
    );
  });

  it("keeps the surrounding entry and expands every placeholder in place", () => {
    const stored = `<p>Before</p>${placeholder("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")}<ul><li>${placeholder("x", "https://x.com/jack/status/20")}</li></ul><p>After</p>`;
    const html = render(stored);
    expect(html.startsWith(`<p>Before</p><figure class="ballast-embed ballast-embed--youtube">${YOUTUBE_FRAME}</figure><ul><li><figure class="ballast-embed ballast-embed--x">`)).toBe(true);
    expect(html.endsWith("</figure></li></ul><p>After</p>")).toBe(true);
  });

  it("re-sanitises what it is given: a stored body edited in the database renders the same as its sanitised form", () => {
    const tampered = `<p onclick="alert(1)">Hi<script>alert(1)</script></p><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>${placeholder("youtube", "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ")}`;
    expect(render(tampered)).toBe("<p>Hi</p>");
    for (const html of [...XSS_VECTORS, ...BENIGN_SAMPLES.map((sample) => sample.html)]) expect(render(sanitizeEntryHtml(html, options))).toBe(render(html));
  });

  it("never emits a script element or a third-party script", () => {
    const outputs = XSS_VECTORS.map(render).filter((html) => /<script|platform\.twitter\.com|widgets\.js|embed\.js/i.test(html));
    expect(outputs).toEqual([]);
  });

  it("is stable under its own output allowlist for every corpus vector and benign sample", () => {
    const unstable = [...XSS_VECTORS, ...BENIGN_SAMPLES.map((sample) => sample.html)].filter((html) => sanitizeRenderedHtml(render(html), options) !== render(html));
    expect(unstable).toEqual([]);
  });
});

describe("sanitizeRenderedHtml", () => {
  const gate = (html: string) => sanitizeRenderedHtml(html, options);

  it("keeps our embed markup as it is", () => {
    const figure = `<figure class="ballast-embed ballast-embed--youtube">${YOUTUBE_FRAME}</figure>`;
    expect(gate(figure)).toBe(figure);
  });

  it("drops iframes to other hosts or paths, or with any allowed attribute missing or changed", () => {
    const variants = [
      YOUTUBE_FRAME.replace("www.youtube-nocookie.com", "www.youtube.com"),
      YOUTUBE_FRAME.replace("www.youtube-nocookie.com", "www.youtube-nocookie.com.evil.example"),
      YOUTUBE_FRAME.replace("/embed/dQw4w9WgXcQ", "/embed/dQw4w9WgXcQ?autoplay=1"),
      YOUTUBE_FRAME.replace("allow-popups", "allow-popups allow-top-navigation"),
      YOUTUBE_FRAME.replace(' loading="lazy"', ""),
      YOUTUBE_FRAME.replace("strict-origin-when-cross-origin", "unsafe-url"),
      '<iframe src="https://platform.twitter.com/embed/Tweet.html?id=20"></iframe>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    ];
    expect(variants.map((iframe) => gate(`<figure class="ballast-embed">${iframe}</figure>`))).toEqual(variants.map(() => '<figure class="ballast-embed"></figure>'));
  });

  it("strips attributes outside the iframe allowlist, such as event handlers", () => {
    expect(gate(YOUTUBE_FRAME.replace("<iframe ", '<iframe onload="alert(1)" name="x" style="position:fixed" '))).toBe(YOUTUBE_FRAME);
  });

  it("keeps only ballast-embed classes, only on figures, and no placeholder divs", () => {
    expect(gate('<figure class="ballast-embed evil ballast-embed--x"><p class="ballast-embed">x</p></figure>')).toBe('<figure class="ballast-embed ballast-embed--x"><p>x</p></figure>');
    expect(gate(placeholder("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"))).toBe("");
  });
});
