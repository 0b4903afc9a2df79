// The request-side and apply-side clean-up of banner fields beyond the schema: the message sanitised to the banner
// allowlist and the button label reduced to plain text. Refuses (naming the field) what sanitising leaves empty.
import { z } from "zod";
import { plainTextLabel, sanitizeBannerHtml } from "./sanitize-banner-html";

type TCleanable = { messageHtml: string; ctaLabel: string | null; ctaUrl: string | null };

function refuse(field: keyof TCleanable, message: string, input: unknown): never {
  throw new z.ZodError([{ code: "custom", path: [field], message, input }]);
}

export function cleanBannerFields<T extends TCleanable>(fields: T): T {
  const messageHtml = sanitizeBannerHtml(fields.messageHtml);
  if (!messageHtml) refuse("messageHtml", "Message has no text left once unsupported markup is removed (bold, italic and links are allowed).", fields.messageHtml);
  const ctaLabel = fields.ctaLabel === null ? null : plainTextLabel(fields.ctaLabel);
  if (fields.ctaLabel !== null && !ctaLabel) refuse("ctaLabel", "Button label has no text left once markup is removed.", fields.ctaLabel);
  return { ...fields, messageHtml, ctaLabel };
}
