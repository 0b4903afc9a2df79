// POST /api/liveblogs/:slug/entries – queue an entry { body: HTML, kind?: "post" | "key_event" } as the signed-in user (editor, admin); 202 with the command id
// `npm start` answers this path in its admin server before Next.js (bin/admin-server.ts); this route serves plain `next start`.
import { getCurrentUser } from "@/lib/auth/current-user";
import { acceptEntryPost } from "@/lib/commands/accept-entry-post";

export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  const { slug } = await context.params;
  const response = await acceptEntryPost({ slug, contentType: request.headers.get("content-type"), readBody: () => request.text(), currentUser: getCurrentUser });
  return Response.json(response.body, { status: response.status, headers: response.headers });
}
