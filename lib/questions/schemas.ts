// Reader-question input: the public submission (strict: unknown fields refused), the queued command, moderation and
// settings. Questions are plain text everywhere: never parsed or rendered as HTML. Safe to import from client forms.
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";
import { ZEntryBodySchema, ZEntryKindSchema } from "../liveblogs/schemas";
import { MAX_ANSWER_LENGTH, MAX_QUESTION_EMAIL, MAX_QUESTION_NAME, MAX_QUESTION_ORIGINS, MAX_QUESTION_TEXT } from "./constants";

// Control characters other than tab and newline have no place in a name or a question (they hide text in the admin).
const CONTROL_CHARACTERS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

function plainText(label: string, max: number, options: { singleLine?: boolean } = {}) {
  return ZSafeText({ label, required: `${label} is required.` })
    .transform((value) => value.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, `${label} is required.`)
        .max(max, `${label} must be at most ${max} characters.`)
        .refine((value) => !CONTROL_CHARACTERS.test(value), `${label} contains control characters. Remove them and try again.`)
        .refine((value) => !options.singleLine || !/[\r\n]/.test(value), `${label} must be on one line.`),
    );
}

export const ZQuestionNameSchema = plainText("Your name", MAX_QUESTION_NAME, { singleLine: true });
export const ZQuestionTextSchema = plainText("Your question", MAX_QUESTION_TEXT);
export const ZQuestionEmailSchema = z
  .string("Email must be text.")
  .trim()
  .max(MAX_QUESTION_EMAIL, `Email must be at most ${MAX_QUESTION_EMAIL} characters.`)
  .transform((value) => (value === "" ? null : value))
  .pipe(z.email("Email must be an email address, e.g. ada@example.com.").nullable());

/** What the widget posts. `website` is the honeypot (humans never see it); `pow` is the solved challenge. */
export const ZQuestionSubmissionSchema = z.strictObject(
  {
    id: z.uuid("The question id must be a UUID."),
    name: ZQuestionNameSchema,
    text: ZQuestionTextSchema,
    email: ZQuestionEmailSchema.optional().transform((value) => value ?? null),
    website: z.string("website must be text.").max(200, "website is too long.").optional(),
    pow: z.strictObject({ challenge: z.string("pow.challenge must be text.").max(300, "pow.challenge is too long."), nonce: z.string("pow.nonce must be text.").max(40, "pow.nonce is too long.") }, "pow must be an object with challenge and nonce.").optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field(s): ${issue.keys.join(", ")}.` : "The body must be a JSON object.") },
);
export type TQuestionSubmission = z.infer<typeof ZQuestionSubmissionSchema>;

/** The queued command: the submission as accepted, stamped with the blog and the time it arrived. */
export const ZSubmitQuestionSchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  questionId: z.uuid("The question id must be a UUID."),
  name: ZQuestionNameSchema,
  text: ZQuestionTextSchema,
  email: z.email().max(MAX_QUESTION_EMAIL).nullable(),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type TSubmitQuestion = z.infer<typeof ZSubmitQuestionSchema>;

export const ZModerateQuestionSchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  questionId: z.uuid("Unknown question."),
  decision: z.enum(["approve", "reject", "spam"], "Decision must be approve, reject or spam."),
});
export type TModerateQuestion = z.infer<typeof ZModerateQuestionSchema>;

/** An origin a blog's public pages live on: scheme, host and port only. */
export const ZQuestionOriginSchema = z
  .string()
  .trim()
  .max(200, "An origin must be at most 200 characters.")
  .transform((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: "custom", message: `"${value}" is not an origin; write it like https://www.example.com.` });
      return z.NEVER;
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
      context.addIssue({ code: "custom", message: `"${value}" is not an origin; write only the scheme and host, like https://www.example.com.` });
      return z.NEVER;
    }
    return url.origin;
  });

export const ZQuestionSettingsSchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  enabled: z.boolean("Enabled must be true or false."),
  origins: z
    .array(ZQuestionOriginSchema)
    .max(MAX_QUESTION_ORIGINS, `At most ${MAX_QUESTION_ORIGINS} origins.`)
    .transform((origins) => [...new Set(origins)]),
});
export type TQuestionSettings = z.infer<typeof ZQuestionSettingsSchema>;

/** An answer: the entry's own text (HTML from the compose box); the quote of the question is added when applied. */
export const ZAnswerQuestionSchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  questionId: z.uuid("Unknown question."),
  body: ZEntryBodySchema.max(MAX_ANSWER_LENGTH, `An answer must be at most ${MAX_ANSWER_LENGTH.toLocaleString("en-US")} characters of HTML (the quoted question takes the rest of an entry).`),
  kind: ZEntryKindSchema.default("post"),
});
export type TAnswerQuestion = z.infer<typeof ZAnswerQuestionSchema>;
