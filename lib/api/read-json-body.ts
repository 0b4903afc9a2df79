// Reads a request body without ever holding more than the cap: a declared length over it is refused before
// reading, and a chunked body is cut off when it passes it.
import { AppError } from "../errors";
import { MAX_API_BODY_BYTES } from "./schemas";

const TOO_LARGE = `The request body is larger than ${MAX_API_BODY_BYTES / 1024} KB.`;

/** The body's bytes, never more than `maxBytes` held; `tooLarge` is what the caller's user is told past it. */
export async function readBodyBytes(request: Request, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readBodyText(request: Request, maxBytes: number = MAX_API_BODY_BYTES): Promise<string> {
  return (await readBodyBytes(request, maxBytes, () => new AppError("invalid_input", TOO_LARGE))).toString("utf8");
}

export async function readJsonBody(request: Request, maxBytes: number = MAX_API_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_input", text.trim() ? "The request body is not valid JSON." : "Send a JSON body.");
  }
}
