// GET /cdn/* – serves published files like the CDN would (embedded default); public, read-only
// `npm start` answers this path in its admin server before Next.js (lib/http/published-file-fast-path.ts).
import { readPublishedObject } from "@/lib/publishing/read-published-object";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ path: string[] }> }) {
  const { path } = await context.params;
  const object = await readPublishedObject(path.join("/"));
  if (!object) {
    return Response.json({ error: "Not found" }, { status: 404, headers: { "Cache-Control": "public, max-age=2", "Access-Control-Allow-Origin": "*" } });
  }
  if (request.headers.get("if-none-match") === object.headers.ETag) {
    return new Response(null, { status: 304, headers: object.headers });
  }
  return new Response(new Uint8Array(object.body), { status: 200, headers: object.headers });
}
