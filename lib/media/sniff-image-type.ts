// Tells an image's type from its first bytes, never from its name or the client's Content-Type.
// (The file-type package would do this, but its current major needs Node 22; Ballast runs on Node 20.)
import type { TMediaContentType } from "./schemas";

export type TSniffedImage = { ext: "png" | "jpg" | "gif" | "webp"; contentType: TMediaContentType };

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IHDR = ascii("IHDR");
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii("GIF87a");
const GIF89 = ascii("GIF89a");
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");
const VP8 = ascii("VP8");
const VP8_KINDS = new Set(ascii(" LX"));

/** PNG, JPEG, GIF or WebP by magic bytes; null for anything else (SVG, HTML, unknown). */
export function sniffImageType(bytes: Uint8Array): TSniffedImage | null {
  // PNG: signature, then the IHDR chunk that must come first.
  if (startsWith(bytes, PNG) && startsWith(bytes, PNG_IHDR, 12)) return { ext: "png", contentType: "image/png" };
  if (startsWith(bytes, JPEG)) return { ext: "jpg", contentType: "image/jpeg" };
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return { ext: "gif", contentType: "image/gif" };
  // WebP: a RIFF container of type WEBP whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8) && startsWith(bytes, VP8, 12) && VP8_KINDS.has(bytes[15] ?? -1)) return { ext: "webp", contentType: "image/webp" };
  return null;
}
