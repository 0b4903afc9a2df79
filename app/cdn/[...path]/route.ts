// GET /cdn/* – serves published files like the CDN would (embedded default); public, read-only
// `npm start` answers this path in its admin server before Next.js (lib/http/published-file-fast-path.ts).
import { answerPublishedRequest, publishedKeyOfPath } from "@/lib/publishing/read-published-object";

export const dynamic = "force-dynamic";

const CDN_PREFIX = "/cdn/";

export async function GET(request: Request) {
  // The key comes from the raw path, decoded once here: a segment that does not decode (`%c0%ae`) is a 404.
  const pathname = new URL(request.url).pathname;
  const key = pathname.startsWith(CDN_PREFIX) ? publishedKeyOfPath(pathname.slice(CDN_PREFIX.length)) : null;
  const answer = await answerPublishedRequest(key, request.headers.get("if-none-match"));
  return new Response(answer.body ? new Uint8Array(answer.body) : null, { status: answer.status, headers: answer.headers });
}
