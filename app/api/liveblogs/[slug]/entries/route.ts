// POST /api/liveblogs/:slug/entries – post an entry as the signed-in user (editor, admin); JSON in, JSON out
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { AppError, httpStatusFor, toActionError } from "@/lib/errors";
import { findLiveBlogIdOrThrow } from "@/lib/liveblogs/find-liveblog-id";
import { postEntry } from "@/lib/liveblogs/post-entry";

export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  try {
    // JSON only: a cross-site form cannot send it without a CORS preflight, which we never grant.
    if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
      throw new AppError("invalid_input", "Send the entry as JSON: Content-Type: application/json.");
    }
    const payload: unknown = await request.json().catch(() => {
      throw new AppError("invalid_input", "The request body is not valid JSON.");
    });
    const body = typeof payload === "object" && payload !== null ? (payload as { body?: unknown }).body : undefined;
    const user = await authorizeOrThrow("entry:publish");
    const { slug } = await context.params;
    const liveBlogId = await findLiveBlogIdOrThrow(db(), { slug });
    const { entry, version } = await postEntry(db(), { actorId: user.id, input: { liveBlogId, body } });
    return Response.json({ id: entry.id, seq: entry.seq, version }, { status: 201 });
  } catch (error) {
    const result = toActionError(error, { route: "POST /api/liveblogs/:slug/entries" });
    return Response.json({ error: result.error, code: result.code, fieldErrors: result.fieldErrors }, { status: httpStatusFor(result.code) });
  }
}
