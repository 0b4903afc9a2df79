// The one password rule (NIST SP 800-63B style): at least 12 characters, counted as Unicode code points, at most 256
// (bounds the hashing cost), and not one of the common passwords that @zxcvbn-ts/language-common ships (the top
// ~50,000 from breach corpora). No composition rules. Applied wherever a password is set.
import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let commonPasswords: Set<string> | undefined;

/** Built once, on first use (~50,000 entries): the list as shipped, lower-cased. */
function commonPasswordSet(): Set<string> {
  commonPasswords ??= new Set(dictionary["passwords-common"].map((password) => password.toLowerCase()));
  return commonPasswords;
}

/** Why this password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters.`;
  // Compared as hashed (NFKC), case-insensitively: "Password1234" is as guessable as "password1234".
  if (commonPasswordSet().has(password.normalize("NFKC").toLowerCase())) return "This password is on a list of commonly used passwords; choose another.";
  return null;
}

/** A new password field: the rule above, with its message on the field. */
export const ZNewPasswordSchema = z.string({ message: "Enter a new password." }).superRefine((password, context) => {
  const problem = passwordProblem(password);
  if (problem) context.addIssue({ code: "custom", message: problem });
});
