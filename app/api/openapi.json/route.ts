// GET /api/openapi.json – the headless API's OpenAPI 3.1 document, generated from the command registry (public, cacheable)
import { buildOpenApiDocument } from "@/lib/api/build-openapi-document";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" } });
}
