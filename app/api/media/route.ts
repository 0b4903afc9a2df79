// POST /api/media – upload an image (multipart field "file"); 201 { url, key, contentType, bytes }
import { readBodyBytes } from "@/lib/api/read-json-body";
import { assertSameOrigin } from "@/lib/auth/assert-same-origin";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { readEnv } from "@/lib/env";
import { AppError, httpStatusFor, toActionError } from "@/lib/errors";
import { storeMedia } from "@/lib/media/store-media";
import { MAX_MEDIA_BYTES, type TMediaUploadResult } from "@/lib/media/schemas";

// Room for the multipart boundaries and part headers around the file itself.
const MAX_BODY_BYTES = MAX_MEDIA_BYTES + 64 * 1024;
const TOO_LARGE = `The image is too large; the limit is ${MAX_MEDIA_BYTES / (1024 * 1024)} MB.`;

export async function POST(request: Request) {
  try {
    const contentType = request.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      throw new AppError("invalid_input", "Send the image as multipart/form-data with a field named \"file\".");
    }
    // A multipart form is a simple request, so another site could submit one; browsers say where it came from.
    assertSameOrigin(request.headers, "Uploads are accepted only from the Ballast admin.");
    const user = await authorizeOrThrow("media:upload");
    // A chunked upload without Content-Length cannot fill memory either: reading stops at the cap.
    const body = await readBodyBytes(request, MAX_BODY_BYTES, () => new AppError("invalid_input", TOO_LARGE, { file: TOO_LARGE }));
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData().catch(() => {
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
