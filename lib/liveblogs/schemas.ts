// Live-blog input, shared by the admin forms and the server actions.
import { z } from "zod";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const ZCreateLiveBlogSchema = z.object({
  title: z.string().trim().min(1, "Title is required.").max(200, "Title must be at most 200 characters."),
  slug: z
    .string()
    .trim()
    .min(1, "Slug is required.")
    .max(80, "Slug must be at most 80 characters.")
    .regex(SLUG_PATTERN, "Slug may only contain lower-case letters, digits and single hyphens (no spaces), e.g. election-night-2026."),
  description: z.string().trim().max(1000, "Description must be at most 1000 characters.").default(""),
});
export type TCreateLiveBlog = z.infer<typeof ZCreateLiveBlogSchema>;

export const MAX_ENTRY_LENGTH = 10_000;

export const ZPostEntrySchema = z.object({
  liveBlogId: z.uuid("Unknown live blog."),
  body: z
    .string()
    .trim()
    .min(1, "Entry text is required.")
    .max(MAX_ENTRY_LENGTH, `Entry text must be at most ${MAX_ENTRY_LENGTH.toLocaleString("en-US")} characters.`),
});
export type TPostEntry = z.infer<typeof ZPostEntrySchema>;

export const ZLiveBlogIdSchema = z.uuid("Unknown live blog.");
