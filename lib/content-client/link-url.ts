// Which links an entry may carry (http, https, mailto), and how a typed address becomes one.
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;

/** True for an absolute http, https or mailto URL without credentials (`https://bank.com@evil.com`); relative paths
 * and every other scheme are refused. The server's rule is the same (lib/content/entry-allowlist.ts `safeLinkHref`). */
export function isAllowedLinkUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return LINK_PROTOCOLS.has(parsed.protocol) && !parsed.username && !parsed.password && (parsed.protocol === "mailto:" || parsed.hostname !== "");
  } catch {
    return false;
  }
}

/** What an editor typed ("example.com/x", "ap.org", "desk@example.com") as an allowed absolute URL, or null. */
export function normalizeLinkUrl(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed || /\s/.test(trimmed)) return null;
  let candidate = trimmed;
  if (trimmed.startsWith("//")) candidate = `https:${trimmed}`;
  else if (EMAIL.test(trimmed)) candidate = `mailto:${trimmed}`;
  // A bare host needs a dot ("example.com"); "localhost:3000" parses as a scheme and is refused below.
  else if (!HAS_SCHEME.test(trimmed)) candidate = /^[^/?#]+\.[^/?#]+/.test(trimmed) ? `https://${trimmed}` : "";
  if (!isAllowedLinkUrl(candidate)) return null;
  return new URL(candidate).href;
}
