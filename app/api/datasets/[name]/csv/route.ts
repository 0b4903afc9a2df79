// GET /api/datasets/:name/csv – the dataset's current rows as CSV, streamed from Postgres.
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { downloadDatasetCsv } from "@/lib/datasets/download-dataset-csv";
import { httpStatusFor, toActionError } from "@/lib/errors";

export async function GET(_request: Request, context: { params: Promise<{ name: string }> }) {
  try {
    await authorizeOrThrow("dataset:read");
    const { name } = await context.params;
    const { filename, stream } = await downloadDatasetCsv(name);
    return new Response(stream, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" } });
  } catch (error) {
    const result = toActionError(error, { route: "GET /api/datasets/:name/csv" });
    return Response.json({ error: result.error, code: result.code }, { status: httpStatusFor(result.code) });
  }
}
