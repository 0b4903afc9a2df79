// Stores an uploaded image under its content hash (`media/<sha256>.<ext>`), typed by its bytes and cached forever.
import "server-only";
import { createHash } from "node:crypto";
import type { Publisher } from "../../publishers/types";
import { recordAudit } from "../audit/record-audit";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { logger } from "../logger";
import { getPublisher } from "../publishing/get-publisher";
import { cacheControlForKey } from "../publishing/object-policy";
import { MAX_MEDIA_BYTES, type TMediaContentType } from "./schemas";
import { sniffImageType } from "./sniff-image-type";

export { MAX_MEDIA_BYTES };

export type TStoredMedia = { key: string; url: string; contentType: TMediaContentType; bytes: number; sha256: string };

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

export async function storeMedia(
  options: { actorId: string | null; bytes: Buffer; publicBaseUrl: string; maxBytes?: number },
  database: Db = db(),
  publisher: Publisher = getPublisher(),
): Promise<TStoredMedia> {
  const { bytes } = options;
  const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
  if (bytes.length === 0) throw new AppError("invalid_input", "The file is empty.", { file: "Choose an image file; this one is empty." });
  if (bytes.length > maxBytes) {
    const message = `The image is ${megabytes(bytes.length)}; the limit is ${megabytes(maxBytes)}.`;
    throw new AppError("invalid_input", message, { file: message });
  }
  const sniffed = sniffImageType(bytes);
  if (!sniffed) {
    const message = "Only PNG, JPEG, GIF and WebP images can be uploaded.";
    throw new AppError("invalid_input", message, { file: message });
  }

  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const key = `media/${sha256}.${sniffed.ext}`;
  // Same bytes, same key, same body: a repeated upload rewrites identical content, so no existence check is needed.
  await publisher.put({ key, body: bytes, contentType: sniffed.contentType, cacheControl: cacheControlForKey(key) });

  try {
    await recordAudit(database, { actorId: options.actorId, action: "media.upload", subjectType: "media", subjectId: sha256, details: { bytes: bytes.length, contentType: sniffed.contentType } });
  } catch (error) {
    // Uploads keep working in a database outage, as posting does; the object is already stored.
    if (!isDatabaseUnavailable(error)) throw error;
    logger.warn({ err: error, key, actorId: options.actorId }, "media stored, audit row skipped: database unavailable");
  }

  return { key, url: `${options.publicBaseUrl.replace(/\/+$/, "")}/${key}`, contentType: sniffed.contentType, bytes: bytes.length, sha256 };
}
