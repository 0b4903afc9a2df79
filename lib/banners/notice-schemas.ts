// The emergency notice's inputs: a short plain-text message (empty clears the notice). Safe to import from forms.
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";

export const NOTICE_MAX_CHARS = 280;

export const ZNoticeMessage = ZSafeText({ label: "Message" })
  .transform((value) => value.replace(/\s+/g, " ").trim())
  .pipe(z.string().max(NOTICE_MAX_CHARS, `Message is longer than ${NOTICE_MAX_CHARS} characters; keep the notice short.`));

/** What the admin form sends: a message to publish, or an empty one to clear the notice. */
export const ZIssueNoticeSchema = z.object({ message: ZNoticeMessage });

/** The queued command's input (its noticeId is assigned by the request). Its issue time is the command's own,
 * set by the server when it is queued: a caller cannot date a notice into the future to pin it. */
export const ZRecordNoticeSchema = z.object({ message: ZNoticeMessage });
export type TRecordNoticeInput = z.output<typeof ZRecordNoticeSchema>;

/** `banners/notice.json` as the widget reads it. */
export const ZPublishedNoticeSchema = z.object({
  schema: z.literal(1),
  version: z.number().int(),
  publishedAt: z.string(),
  notice: z.object({ id: z.string(), message: z.string(), issuedAt: z.string() }).nullable(),
});
export type TPublishedNotice = z.infer<typeof ZPublishedNoticeSchema>;
