// Text the database and every reader can hold. Refused at the door (schemas), so a queued command never fails later
// for it: Postgres refuses NUL in text, and a lone surrogate is not Unicode at all (it breaks JSON columns and UTF-8).
// Safe to import from client forms.
import { z } from "zod";

// A high surrogate not followed by a low one, or a low one not preceded by a high one; no `u` flag, on purpose.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// NUL, and U+FFFE / U+FFFF, which are not characters (usually a sign of text decoded with the wrong encoding).
const NOT_TEXT = /[\u0000\uFFFE\uFFFF]/;

/** What is wrong with `value`, in a few words, or null when it is fine. */
export function unsafeTextProblem(value: string): string | null {
  if (value.includes("\u0000")) return "a NUL character";
  if (LONE_SURROGATE.test(value)) return "a broken character (a lone surrogate)";
  if (NOT_TEXT.test(value)) return "a character that is not text (U+FFFE or U+FFFF)";
  return null;
}

export function isSafeText(value: string): boolean {
  return unsafeTextProblem(value) === null;
}

/** A string that refuses NUL, lone surrogates and non-characters; chain trim/min/max after it.
 * `label` starts the message ("Title contains a NUL character..."), `required` is the message for a missing value. */
export function ZSafeText(options: { label: string; required?: string }) {
  return z.string(options.required ?? `${options.label} is required.`).check((context) => {
    const problem = unsafeTextProblem(context.value);
    if (problem) {
      context.issues.push({ code: "custom", input: context.value, message: `${options.label} contains ${problem}, which cannot be stored. Remove it and try again.`, abort: true });
    }
  });
}
