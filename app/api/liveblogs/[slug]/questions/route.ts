// GET /api/liveblogs/:slug/questions – the moderation view: waiting count, waiting and recently moderated questions (question:read)
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { httpStatusFor, toActionError } from "@/lib/errors";
import { getQuestionsAdminView } from "@/lib/questions/get-questions-admin-view";

export async function GET(_request: Request, context: { params: Promise<{ slug: string }> }) {
  try {
    const user = await authorizeOrThrow("question:read");
    const { slug } = await context.params;
    return Response.json(await getQuestionsAdminView({ slug, viewer: user }), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const result = toActionError(error, { route: "GET /api/liveblogs/:slug/questions" });
    return Response.json({ error: result.error, code: result.code }, { status: httpStatusFor(result.code), headers: { "Cache-Control": "no-store" } });
  }
}
