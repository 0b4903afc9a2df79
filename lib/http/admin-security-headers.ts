// Response headers for everything the admin serves outside /cdn (next.config.ts and the admin server's fast path).
export const ADMIN_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];
