// GET /api/liveblogs/:slug/stream – the admin's live view: newest entries, pinned entry and drafts (any signed-in role)
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { httpStatusFor, toActionError } from "@/lib/errors";
import { getAdminStream } from "@/lib/liveblogs/get-admin-stream";

export async function GET(_request: Request, context: { params: Promise<{ slug: string }> }) {
  try {
    const user = await authorizeOrThrow("liveblog:read");
    const { slug } = await context.params;
    const stream = await getAdminStream({ slug, viewer: user });
    return Response.json(stream, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const result = toActionError(error, { route: "GET /api/liveblogs/:slug/stream" });
    return Response.json({ error: result.error, code: result.code }, { status: httpStatusFor(result.code), headers: { "Cache-Control": "no-store" } });
  }
}
