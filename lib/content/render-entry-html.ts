// Reader HTML for an entry (JSON documents and the static page): the write allowlist again, embeds expanded, a final gate.
import sanitizeHtml from "sanitize-html";
import { parseEmbedUrl, type TEmbed } from "./embeds";
import { DROPPED_WITH_CONTENT, ENTRY_TAGS, entryGateOptions, LINK_REL, mediaUrlPrefix } from "./entry-allowlist";
import { sanitizeEntryHtml } from "./sanitize-entry-html";

/** Exactly how the write pass serialises a placeholder (attributes in this order, values escaped). */
const PLACEHOLDER = /<div data-embed="[a-z]+" data-url="([^"<>]*)"><\/div>/g;
const IFRAME_ATTRIBUTES = ["src", "title", "loading", "sandbox", "allow", "referrerpolicy", "allowfullscreen"];
const YOUTUBE_FRAME = /^https:\/\/www\.youtube-nocookie\.com\/embed\/([A-Za-z0-9_-]{11})$/;
const INSTAGRAM_FRAME = /^https:\/\/www\.instagram\.com\/p\/([A-Za-z0-9_-]{5,64})\/embed$/;

/** Idempotent through its final gate: sanitizeRenderedHtml(renderEntryHtml(x)) === renderEntryHtml(x). No third-party script, ever. */
export function renderEntryHtml(storedHtml: string, options: { mediaBaseUrl: string }): string {
  const entry = sanitizeEntryHtml(storedHtml, options);
  const expanded = entry.replace(PLACEHOLDER, (_placeholder, url: string) => {
    const embed = parseEmbedUrl(url.replace(/&amp;/g, "&"));
    return embed ? embedHtml(embed) : "";
  });
  return sanitizeRenderedHtml(expanded, options);
}

/** The output allowlist: the write allowlist plus our embed figures and iframes; nothing else can reach a reader. */
export function sanitizeRenderedHtml(html: string, options: { mediaBaseUrl: string }): string {
  const entryGate = entryGateOptions(mediaUrlPrefix(options.mediaBaseUrl));
  return sanitizeHtml(html, {
    ...entryGate,
    allowedTags: [...ENTRY_TAGS, "iframe"],
    allowedAttributes: { a: ["href", "title", "rel"], img: ["src", "alt", "width", "height"], figure: ["class"], iframe: IFRAME_ATTRIBUTES },
    allowedClasses: { figure: ["ballast-embed", "ballast-embed--*"] },
    allowedSchemesByTag: { img: ["http", "https"], iframe: ["https"] },
    allowedIframeHostnames: ["www.youtube-nocookie.com", "www.instagram.com"],
    allowIframeRelativeUrls: false,
    nonTextTags: DROPPED_WITH_CONTENT.filter((tag) => tag !== "iframe"),
    exclusiveFilter: (frame) => (frame.tag === "iframe" ? !isOurFrame(frame.attribs) : (entryGate.exclusiveFilter?.(frame) ?? false)),
  }).trim();
}

function embedHtml(embed: TEmbed): string {
  const figure = (content: string) => `<figure class="ballast-embed ballast-embed--${embed.provider}">${content}</figure>`;
  switch (embed.provider) {
    case "youtube":
    case "instagram":
      return figure(`<iframe${attributesHtml(frameAttributes(embed.provider, embed.id))}></iframe>`);
    // X's iframe (platform.twitter.com/embed/Tweet.html) is undocumented, sizes itself only through widgets.js and
    // tracks every reader; a link card costs nothing, survives deleted posts and is readable without JavaScript.
    case "x":
      return figure(linkCard(embed.canonicalUrl, "View the post on X"));
    case "bluesky":
      return figure(linkCard(embed.canonicalUrl, "View the post on Bluesky"));
  }
}

function linkCard(url: string, text: string): string {
  return `<blockquote><p><a href="${escapeAttribute(url)}" rel="${LINK_REL}">${text}</a></p></blockquote>`;
}

/** The only iframes a reader can get, attribute for attribute; the gate rebuilds this from src and compares. */
function frameAttributes(provider: "youtube" | "instagram", id: string): Record<string, string> {
  if (provider === "youtube") {
    return {
      src: `https://www.youtube-nocookie.com/embed/${id}`,
      title: "YouTube video",
      loading: "lazy",
      sandbox: "allow-scripts allow-same-origin allow-presentation allow-popups",
      allow: "encrypted-media; picture-in-picture; fullscreen",
      referrerpolicy: "strict-origin-when-cross-origin",
      allowfullscreen: "",
    };
  }
  return {
    src: `https://www.instagram.com/p/${id}/embed`,
    title: "Instagram post",
    loading: "lazy",
    // Escaping the sandbox lets "View on Instagram" open a normal tab; it grants nothing on our origin.
    sandbox: "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox",
    referrerpolicy: "strict-origin-when-cross-origin",
  };
}

function isOurFrame(attribs: Record<string, string>): boolean {
  const src = attribs.src ?? "";
  const youtubeId = YOUTUBE_FRAME.exec(src)?.[1];
  const instagramCode = INSTAGRAM_FRAME.exec(src)?.[1];
  const expected = youtubeId ? frameAttributes("youtube", youtubeId) : instagramCode ? frameAttributes("instagram", instagramCode) : null;
  if (!expected) return false;
  const names = Object.keys(attribs);
  return names.length === Object.keys(expected).length && names.every((name) => expected[name] === attribs[name]);
}

function attributesHtml(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => (value === "" ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`))
    .join("");
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
