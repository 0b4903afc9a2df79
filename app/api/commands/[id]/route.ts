// GET /api/commands/:id – where the caller's command stands: queued, applied, published or rejected (with why)
import { z } from "zod";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getCommandStatus } from "@/lib/commands/get-command-status";
import { db } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db/is-database-unavailable";
import { httpStatusFor, toActionError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const id = z.uuid("Unknown command.").parse((await context.params).id);
    const user = await authorizeOrThrow("liveblog:read");
    if (user.degraded) return Response.json({ status: "queued", degraded: true });
    const status = await getCommandStatus(db(), { id, actorId: user.id, canSeeAll: can(user.role, "users:manage") });
    return Response.json({ ...status, degraded: false });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return Response.json({ status: "queued", degraded: true });
    const result = toActionError(error, { route: "GET /api/commands/:id" });
    return Response.json({ error: result.error, code: result.code }, { status: httpStatusFor(result.code) });
  }
}
