// POST /api/commands – queue any registered command { type, payload } as the caller (API token or session); 202 with the command id
import { authenticateApiRequest } from "@/lib/api/authenticate-api-request";
import { apiErrorResponse } from "@/lib/api/api-error-response";
import { authorizeApiCommand } from "@/lib/api/authorize-api-command";
import { queueApiCommand } from "@/lib/api/queue-api-command";
import { readJsonBody } from "@/lib/api/read-json-body";
import { ZApiCommandRequestSchema } from "@/lib/api/schemas";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { getCurrentUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    // Credentials first, from the headers alone: an unauthenticated caller never gets the body read.
    const user = await authenticateApiRequest(request, getCurrentUser);
    const { type, payload } = ZApiCommandRequestSchema.parse(await readJsonBody(request));
    const definition = await authorizeApiCommand({ user, type, ip: clientIpFrom(request.headers) });
    const accepted = await queueApiCommand({ user, definition, payload });
    return Response.json(accepted, { status: 202, headers: { "Cache-Control": "no-store", Location: accepted.statusUrl } });
  } catch (error) {
    const response = apiErrorResponse(error, { route: "POST /api/commands" });
    return Response.json(response.body, { status: response.status, headers: response.headers });
  }
}
