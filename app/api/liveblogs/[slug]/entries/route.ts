// POST /api/liveblogs/:slug/entries – queue an entry { body: HTML, kind?: "post" | "key_event" } as the signed-in user (editor, admin); 202 with the command id
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { queueEntry } from "@/lib/commands/queue-entry";
import { db } from "@/lib/db";
import { AppError, httpStatusFor, toActionError } from "@/lib/errors";
import { findLiveBlogIdOrThrow } from "@/lib/liveblogs/find-liveblog-id";
import { getQueue } from "@/lib/queue/get-queue";

export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  try {
    // JSON only: a cross-site form cannot send it without a CORS preflight, which we never grant.
    if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
      throw new AppError("invalid_input", "Send the entry as JSON: Content-Type: application/json.");
    }
    const payload: unknown = await request.json().catch(() => {
      throw new AppError("invalid_input", "The request body is not valid JSON.");
    });
    const { body, kind } = typeof payload === "object" && payload !== null ? (payload as { body?: unknown; kind?: unknown }) : { body: undefined, kind: undefined };
    const started = performance.now();
    const user = await authorizeOrThrow("entry:publish");
    const authorised = performance.now();
    const { slug } = await context.params;
    const liveBlogId = await findLiveBlogIdOrThrow(db(), { slug });
    const found = performance.now();
    const { commandId, entryId } = await queueEntry(getQueue(), { actorId: user.id, input: { liveBlogId, body, kind } });
    const queued = performance.now();
    // Server-Timing shows operators where an acknowledgement's time goes.
    const timing = `auth;dur=${(authorised - started).toFixed(1)}, lookup;dur=${(found - authorised).toFixed(1)}, queue;dur=${(queued - found).toFixed(1)}`;
    return Response.json({ commandId, entryId, status: "queued", statusUrl: `/api/commands/${commandId}` }, { status: 202, headers: { "Server-Timing": timing } });
  } catch (error) {
    const result = toActionError(error, { route: "POST /api/liveblogs/:slug/entries" });
    return Response.json({ error: result.error, code: result.code, fieldErrors: result.fieldErrors }, { status: httpStatusFor(result.code) });
  }
}
