// GET /api/commands/:id – where the caller's command stands (API token or session; admins see anyone's): queued, applied, published or rejected (with why)
import { z } from "zod";
import { authenticateApiRequest } from "@/lib/api/authenticate-api-request";
import { apiErrorResponse } from "@/lib/api/api-error-response";
import { getApiCommandStatus } from "@/lib/api/get-api-command-status";
import { getCurrentUser } from "@/lib/auth/current-user";
import { assertAllowed } from "@/lib/auth/session-user";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const id = z.uuid("Unknown command.").parse((await context.params).id);
    const user = await authenticateApiRequest(request, getCurrentUser);
    assertAllowed(user, "liveblog:read");
    return Response.json(await getApiCommandStatus({ id, user }), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const response = apiErrorResponse(error, { route: "GET /api/commands/:id" });
    return Response.json(response.body, { status: response.status, headers: response.headers });
  }
}
