// GET /cdn/* – serves published files like the CDN would (embedded default); public, read-only
// `npm start` answers this path in its admin server before Next.js (lib/http/published-file-fast-path.ts).
import { answerPublishedRequest } from "@/lib/publishing/read-published-object";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ path: string[] }> }) {
  const { path } = await context.params;
  const answer = await answerPublishedRequest(path.join("/"), request.headers.get("if-none-match"));
  return new Response(answer.body ? new Uint8Array(answer.body) : null, { status: answer.status, headers: answer.headers });
}
