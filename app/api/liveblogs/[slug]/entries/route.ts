// POST /api/liveblogs/:slug/entries – queue an entry { body: HTML, kind?: "post" | "key_event" } as the caller (API token or session; editor, admin); 202 with the command id
// `npm start` answers cookie posts in its admin server before Next.js (bin/admin-server.ts); this route serves token posts and plain `next start`.
import { authenticateApiRequest } from "@/lib/api/authenticate-api-request";
import { apiErrorResponse } from "@/lib/api/api-error-response";
import { readBodyText } from "@/lib/api/read-json-body";
import { getCurrentUser } from "@/lib/auth/current-user";
import { acceptEntryPost } from "@/lib/commands/accept-entry-post";

export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  const { slug } = await context.params;
  let user;
  try {
    // Credentials first, from the headers alone: an unauthenticated caller never gets the body read.
    user = await authenticateApiRequest(request, getCurrentUser);
  } catch (error) {
    const response = apiErrorResponse(error, { route: "POST /api/liveblogs/:slug/entries" });
    return Response.json(response.body, { status: response.status, headers: response.headers });
  }
  const response = await acceptEntryPost({ slug, contentType: request.headers.get("content-type"), readBody: () => readBodyText(request), currentUser: async () => user });
  return Response.json(response.body, { status: response.status, headers: response.headers });
}
