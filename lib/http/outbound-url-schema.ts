// The one check of a URL Ballast will fetch or post to (feeds, webhooks): a full http(s) URL without credentials.
// Only its shape: the SSRF guard (safe-fetch.ts) checks the address at every request.
import { z } from "zod";

export function outboundUrlSchema(messages: { required: string; example: string; protocol: string; credentials: string }) {
  return z
    .string({ error: messages.required })
    .trim()
    .min(1, messages.required)
    .max(2048, "The URL can be at most 2048 characters.")
    .superRefine((value, context) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        context.addIssue({ code: "custom", message: `Enter a full URL, e.g. ${messages.example}.` });
        return;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") context.addIssue({ code: "custom", message: messages.protocol });
      else if (url.username || url.password) context.addIssue({ code: "custom", message: messages.credentials });
    });
}
