// The headers every published answer carries, wherever it is served from: the admin's /cdn route and, on AWS, the
// CloudFront response-headers policies (infra/lib), which import these so the two cannot drift apart.

/** On every answer, 404s included: any site may read published files (no credentials), and nothing is sniffed. */
export const PUBLISHED_SECURITY_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "X-Content-Type-Options": "nosniff",
} as const;

// Published pages share the admin's origin under /cdn: a strict policy keeps any script but the widget off it. The
// widget may also post reader questions to their endpoint's origin (QUESTIONS_ENDPOINT_URL; on AWS the admin's domain).
export function publishedPageCsp(questionsEndpointOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "frame-src https://www.youtube-nocookie.com https://www.instagram.com https://platform.twitter.com",
    questionsEndpointOrigin ? `connect-src 'self' ${questionsEndpointOrigin}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // A page's ZIP lookup form submits to the page itself (GET) when JavaScript is off.
    "form-action 'self'",
  ].join("; ");
}

/** Published HTML pages (`*.html`, and folder URLs that serve their `index.html`) also get this policy. */
export function publishedPageHeaders(questionsEndpointOrigin?: string): Record<string, string> {
  return { "Content-Security-Policy": publishedPageCsp(questionsEndpointOrigin) };
}
