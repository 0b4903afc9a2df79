// POST /api/liveblogs/:slug/entries without the framework: validate, authorise and queue an entry, answer 202 with
// the command id. The Next.js route and the admin server's fast path (bin/admin-server.ts) both answer through this.
import type { TCurrentUser } from "../auth/session-user";
import { assertAllowed } from "../auth/session-user";
import { db } from "../db";
import { AppError, httpStatusFor, toActionError } from "../errors";
import { findLiveBlogIdOrThrow } from "../liveblogs/find-liveblog-id";
import { getQueue } from "../queue/get-queue";
import { queueEntry } from "./queue-entry";

export type TEntryPostRequest = {
  slug: string;
  contentType: string | null | undefined;
  readBody: () => Promise<string>;
  /** tokenId: the API token the request came with, so the entry's audit row names it. */
  currentUser: () => Promise<(TCurrentUser & { tokenId?: string | null }) | null>;
};

export type TJsonResponse = { status: number; body: Record<string, unknown>; headers: Record<string, string> };

export async function acceptEntryPost(request: TEntryPostRequest): Promise<TJsonResponse> {
  try {
    // JSON only: a cross-site form cannot send it without a CORS preflight, which we never grant.
    if (!request.contentType?.toLowerCase().startsWith("application/json")) {
      throw new AppError("invalid_input", "Send the entry as JSON: Content-Type: application/json.");
    }
    // The caller first (a revoked or disabled session, a viewer): no byte of their body is read.
    const started = performance.now();
    const caller = await request.currentUser();
    const user = assertAllowed(caller, "entry:publish");
    const authorised = performance.now();
    const text = await request.readBody();
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new AppError("invalid_input", "The request body is not valid JSON.");
    }
    const { body, kind } = typeof payload === "object" && payload !== null ? (payload as { body?: unknown; kind?: unknown }) : { body: undefined, kind: undefined };
    const parsed = performance.now();
    const liveBlogId = await findLiveBlogIdOrThrow(db(), { slug: request.slug });
    const found = performance.now();
    const { commandId, entryId } = await queueEntry(getQueue(), { actorId: user.id, tokenId: caller?.tokenId, input: { liveBlogId, body, kind } });
    const queued = performance.now();
    // Server-Timing shows operators where an acknowledgement's time goes.
    const timing = `auth;dur=${(authorised - started).toFixed(1)}, lookup;dur=${(found - parsed).toFixed(1)}, queue;dur=${(queued - found).toFixed(1)}, body;dur=${(parsed - authorised).toFixed(1)}`;
    return { status: 202, body: { commandId, entryId, status: "queued", statusUrl: `/api/commands/${commandId}` }, headers: { "Server-Timing": timing } };
  } catch (error) {
    const result = toActionError(error, { route: "POST /api/liveblogs/:slug/entries" });
    return { status: httpStatusFor(result.code), body: { error: result.error, code: result.code, fieldErrors: result.fieldErrors }, headers: {} };
  }
}
