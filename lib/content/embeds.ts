// The social embeds an entry may carry: four providers, strict https post URLs. Browser-safe (the admin editor imports it).

export type TEmbedProvider = "youtube" | "x" | "instagram" | "bluesky";

export type TEmbed = {
  provider: TEmbedProvider;
  /** YouTube video id, X status id, Instagram shortcode, or the Bluesky post's AT URI. */
  id: string;
  /** The one URL stored for the post, rebuilt from the validated parts only. */
  canonicalUrl: string;
};

const MAX_EMBED_URL_LENGTH = 2048;
const YOUTUBE_HOSTS = new Set(["youtube.com", "www.youtube.com", "m.youtube.com"]);
const X_HOSTS = new Set(["x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"]);
const INSTAGRAM_HOSTS = new Set(["instagram.com", "www.instagram.com"]);

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_PATH = /^\/(?:shorts|live|embed)\/([A-Za-z0-9_-]{11})\/?$/;
const YOUTU_BE_PATH = /^\/([A-Za-z0-9_-]{11})\/?$/;
const X_PATH = /^\/([A-Za-z0-9_]{1,15})\/status\/([1-9][0-9]{0,19})\/?$/;
const INSTAGRAM_PATH = /^\/(p|reel)\/([A-Za-z0-9_-]{5,64})\/?$/;
const BLUESKY_PATH = /^\/profile\/([^/]{1,253})\/post\/([^/]{1,64})\/?$/;
// atproto syntax: a handle is a domain name, a post's record key is a TID.
const BLUESKY_HANDLE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const BLUESKY_DID = /^did:(?:plc:[a-z2-7]{24}|web:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;
const BLUESKY_TID = /^[2-7a-j][2-7a-z]{12}$/;

/** Whitespace, controls and backslashes are fixed up silently by URL parsers; a strict allowlist refuses them instead. */
const LENIENTLY_PARSED = /[\s\u0000-\u001f\u007f\\]/;

export function parseEmbedUrl(url: string): TEmbed | null {
  if (url.length > MAX_EMBED_URL_LENGTH || LENIENTLY_PARSED.test(url) || !/^https:\/\//i.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" || parsed.username || parsed.password || parsed.port) return null;
  const host = parsed.hostname;
  if (YOUTUBE_HOSTS.has(host)) return youtube(parsed.pathname === "/watch" ? (parsed.searchParams.get("v") ?? "") : (YOUTUBE_PATH.exec(parsed.pathname)?.[1] ?? ""));
  if (host === "youtu.be") return youtube(YOUTU_BE_PATH.exec(parsed.pathname)?.[1] ?? "");
  if (X_HOSTS.has(host)) return x(parsed.pathname);
  if (INSTAGRAM_HOSTS.has(host)) return instagram(parsed.pathname);
  if (host === "bsky.app") return bluesky(parsed.pathname);
  return null;
}

function youtube(id: string): TEmbed | null {
  return YOUTUBE_ID.test(id) ? { provider: "youtube", id, canonicalUrl: `https://www.youtube.com/watch?v=${id}` } : null;
}

function x(pathname: string): TEmbed | null {
  const match = X_PATH.exec(pathname);
  if (!match) return null;
  const [, user = "", id = ""] = match;
  return { provider: "x", id, canonicalUrl: `https://x.com/${user}/status/${id}` };
}

function instagram(pathname: string): TEmbed | null {
  const match = INSTAGRAM_PATH.exec(pathname);
  if (!match) return null;
  const [, kind = "", code = ""] = match;
  return { provider: "instagram", id: code, canonicalUrl: `https://www.instagram.com/${kind}/${code}/` };
}

function bluesky(pathname: string): TEmbed | null {
  const match = BLUESKY_PATH.exec(pathname);
  if (!match) return null;
  // Handles are case-insensitive and DIDs are lower-case, so the canonical form is lower-case.
  const [, rawActor = "", rkey = ""] = match;
  const actor = rawActor.toLowerCase();
  if (!(BLUESKY_HANDLE.test(actor) || BLUESKY_DID.test(actor)) || actor.length > 253 || !BLUESKY_TID.test(rkey)) return null;
  return { provider: "bluesky", id: `at://${actor}/app.bsky.feed.post/${rkey}`, canonicalUrl: `https://bsky.app/profile/${actor}/post/${rkey}` };
}
