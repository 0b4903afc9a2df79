// Key normalisation, as the manifest tells readers to repeat it: trim always, then case, then zero-pad on the left to
// a width (a non-empty key only). The widget's normalizeKey (widgets/src/lookup-keys.ts) does the same.
import type { TDatasetImportOptions } from "./schemas";

export function normalizeDatasetKey(raw: string, options: Pick<TDatasetImportOptions, "keyCase" | "padWidth">): string {
  let key = raw.trim();
  if (options.keyCase === "upper") key = key.toUpperCase();
  if (options.keyCase === "lower") key = key.toLowerCase();
  if (options.padWidth && key && key.length < options.padWidth) key = key.padStart(options.padWidth, "0");
  return key;
}

/** Why a normalised key cannot name a file (a reader's URL or an object key), or null when it can. */
export function invalidKeyReason(key: string): string | null {
  if (key.length > 200) return "is longer than 200 characters";
  if (key.includes("/") || key.includes("\\")) return "contains a slash";
  if (key.includes("..") || key === ".") return "contains \"..\" or is \".\"";
  if (/[\u0000-\u001f\u007f]/.test(key)) return "contains a control character";
  if (key === "manifest") return "is \"manifest\", which names the dataset's manifest file";
  return null;
}
