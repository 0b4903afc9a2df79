// POST /api/media – upload an image (multipart field "file"); 201 { url, key, contentType, bytes }
import { assertSameOrigin } from "@/lib/auth/assert-same-origin";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { readEnv } from "@/lib/env";
import { AppError, httpStatusFor, toActionError } from "@/lib/errors";
import { storeMedia } from "@/lib/media/store-media";
import { MAX_MEDIA_BYTES, type TMediaUploadResult } from "@/lib/media/schemas";

// Room for the multipart boundaries and part headers around the file itself.
const MAX_BODY_BYTES = MAX_MEDIA_BYTES + 64 * 1024;
const TOO_LARGE = `The image is too large; the limit is ${MAX_MEDIA_BYTES / (1024 * 1024)} MB.`;

/** Reads the body but stops at `limit` bytes, so a chunked upload without Content-Length cannot fill memory. */
async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new AppError("invalid_input", TOO_LARGE, { file: TOO_LARGE });
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function POST(request: Request) {
  try {
    const contentType = request.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      throw new AppError("invalid_input", "Send the image as multipart/form-data with a field named \"file\".");
    }
    // A multipart form is a simple request, so another site could submit one; browsers say where it came from.
    assertSameOrigin(request.headers, "Uploads are accepted only from the Ballast admin.");
    const user = await authorizeOrThrow("media:upload");
    const declaredLength = Number(request.headers.get("content-length") ?? "0");
    if (declaredLength > MAX_BODY_BYTES) throw new AppError("invalid_input", TOO_LARGE, { file: TOO_LARGE });

    const body = await readBodyWithin(request, MAX_BODY_BYTES);
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData().catch(() => {
      throw new AppError("invalid_input", "The upload is not a valid multipart form.");
    });
    const file = form.get("file");
    if (!(file instanceof File)) throw new AppError("invalid_input", "Choose an image to upload.", { file: "Choose an image to upload." });

    const stored = await storeMedia({ actorId: user.id, bytes: Buffer.from(await file.arrayBuffer()), publicBaseUrl: readEnv().publicBaseUrl });
    const result: TMediaUploadResult = { url: stored.url, key: stored.key, contentType: stored.contentType, bytes: stored.bytes };
    return Response.json(result, { status: 201 });
  } catch (error) {
    const result = toActionError(error, { route: "POST /api/media" });
    return Response.json({ error: result.error, code: result.code, fieldErrors: result.fieldErrors }, { status: httpStatusFor(result.code) });
  }
}
