// POST /api/datasets/upload – stream a CSV body (up to 100 MB) to staging; 201 { stagingId, bytes, header }. The
// role is checked before a byte of the body is read; the import itself is a separate, queued step.
import { assertSameOrigin } from "@/lib/auth/assert-same-origin";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { MAX_DATASET_UPLOAD_BYTES } from "@/lib/datasets/constants";
import { stageDatasetUpload } from "@/lib/datasets/stage-dataset-upload";
import { uploadTooLarge } from "@/lib/datasets/staging-store";
import { AppError, httpStatusFor, toActionError } from "@/lib/errors";

export async function POST(request: Request) {
  try {
    assertSameOrigin(request.headers, "Uploads are accepted only from the Ballast admin.");
    await authorizeOrThrow("dataset:edit");
    const declared = Number(request.headers.get("content-length") ?? "0");
    // Refused before reading when the size is declared; a chunked body stops at the cap while streaming.
    if (declared > MAX_DATASET_UPLOAD_BYTES) {
      const error = uploadTooLarge(MAX_DATASET_UPLOAD_BYTES);
      return Response.json({ error: error.message, code: error.code, fieldErrors: error.fieldErrors }, { status: 413 });
    }
    if (!request.body) throw new AppError("invalid_input", "Choose a CSV file to upload.", { file: "Choose a CSV file to upload." });
    const staged = await stageDatasetUpload(request.body as unknown as AsyncIterable<Uint8Array>);
    if (staged.header.length === 0) throw new AppError("invalid_input", "The file's first line must name the columns (a CSV header).", { file: "No CSV header." });
    return Response.json(staged, { status: 201 });
  } catch (error) {
    const result = toActionError(error, { route: "POST /api/datasets/upload" });
    const status = result.fieldErrors.file?.startsWith("The file is too large") ? 413 : httpStatusFor(result.code);
    return Response.json({ error: result.error, code: result.code, fieldErrors: result.fieldErrors }, { status });
  }
}
