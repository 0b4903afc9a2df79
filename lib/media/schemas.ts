// Media upload limits and the upload route's response, shared by the route and the editor's upload button.
import { z } from "zod";

/** Largest accepted upload: 5 MiB, enough for a news photo, small enough to read into memory. */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;

/** Only raster formats a browser cannot run script from; SVG is refused on purpose. */
export const MEDIA_CONTENT_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type TMediaContentType = (typeof MEDIA_CONTENT_TYPES)[number];

export const ZMediaUploadResultSchema = z.object({
  url: z.url(),
  key: z.string().regex(/^media\/[0-9a-f]{64}\.(png|jpg|gif|webp)$/),
  contentType: z.enum(MEDIA_CONTENT_TYPES),
  bytes: z.number().int().positive(),
});
export type TMediaUploadResult = z.infer<typeof ZMediaUploadResultSchema>;

/** The error body every API route returns (see toActionError). */
export const ZMediaUploadErrorSchema = z.object({
  error: z.string(),
  code: z.string(),
  fieldErrors: z.record(z.string(), z.string()).default({}),
});
