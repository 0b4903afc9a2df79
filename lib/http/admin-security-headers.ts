// Response headers for everything the admin serves outside /cdn (next.config.ts and the admin server's fast path),
// and the admin pages' Content-Security-Policy and HSTS (proxy.ts, per request).
export const ADMIN_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

// The only third-party frames an entry can hold (lib/content/render-entry-html.ts), shown in the admin's stream.
const EMBED_FRAME_ORIGINS = ["https://www.youtube-nocookie.com", "https://www.instagram.com", "https://platform.twitter.com"];

export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** Scripts run only with this response's nonce (Next.js puts it on its own scripts) or when loaded by such a script;
 * nothing may frame the admin. Styles stay 'unsafe-inline': React and the editor set style attributes. */
export function adminContentSecurityPolicy(options: { nonce: string; development: boolean; https: boolean; mediaOrigin: string | null }): string {
  return [
    "default-src 'self'",
    // React's development build needs eval for its debugging aids; production never does.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", options.mediaOrigin].filter(Boolean).join(" "),
    "font-src 'self'",
    `frame-src ${EMBED_FRAME_ORIGINS.join(" ")}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
