// Server-side module checks beyond the schema, run at the door (a command's prepare) and again when applied: rich
// text reduced to the entries' allowlist, images only over https or from this Ballast's own media, and refused input
// reported per module and field (`modules.2.title`) with a message naming the module.
import type { z } from "zod";
import { isMediaUrl, mediaUrlPrefix } from "../content/entry-allowlist";
import { entryPlainText, sanitizeEntryHtml } from "../content/sanitize-entry-html";
import { readEnv } from "../env";
import { AppError } from "../errors";
import { describePageFieldError, pageFieldErrors, type TPageModule } from "./schemas";

const RICHTEXT_EMPTY = "Rich text is required (nothing was left after removing unsupported markup).";
const IMAGE_SOURCE = "Image address must be an https:// address or an image uploaded to this Ballast.";

function refused(fieldErrors: Record<string, string>, modules?: readonly { type?: unknown }[]): AppError {
  const described = Object.entries(fieldErrors).map(([field, message]) => describePageFieldError(field, message, modules));
  return new AppError("invalid_input", described.join(" "), fieldErrors);
}

/** Parses page input, turning a ZodError into an AppError whose field errors name each module's index and field. */
export function parsePageInputOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const raw = typeof input === "object" && input !== null ? (input as { modules?: unknown }).modules : undefined;
  throw refused(pageFieldErrors(parsed.error), Array.isArray(raw) ? (raw as { type?: unknown }[]) : undefined);
}

/** The modules as stored: rich text sanitised, image sources checked against this Ballast's media address. */
export function cleanPageModules(modules: readonly TPageModule[], options: { mediaBaseUrl?: string } = {}): TPageModule[] {
  const mediaBaseUrl = options.mediaBaseUrl ?? readEnv().publicBaseUrl;
  const mediaPrefix = mediaUrlPrefix(mediaBaseUrl);
  const fieldErrors: Record<string, string> = {};
  const cleaned = modules.map((module, index) => {
    if (module.type === "richtext") {
      const html = sanitizeEntryHtml(module.html, { mediaBaseUrl });
      if (!entryPlainText(html) && !/<img\s|data-embed=/.test(html)) fieldErrors[`modules.${index}.html`] = RICHTEXT_EMPTY;
      return { ...module, html };
    }
    if (module.type === "image" && !module.src.startsWith("https://") && !isMediaUrl(module.src, mediaPrefix)) {
      fieldErrors[`modules.${index}.src`] = IMAGE_SOURCE;
    }
    return module;
  });
  if (Object.keys(fieldErrors).length > 0) throw refused(fieldErrors, modules);
  return cleaned;
}
