// Feed request headers (a vendor's API key) are sealed at the door, before the command is queued, so the plain value
// exists only in the request that carried it and in the worker that sends it to the vendor: AES-256-GCM under a key
// derived from AUTH_SECRET with HKDF, the header's name bound as associated data. Never shown back, never logged.
import { readEnv } from "../env";
import { AppError } from "../errors";
import { openSecret, sealSecret, SecretUnavailableError, type TSealing } from "../secrets/sealed-secret";

export { SecretUnavailableError };

/** A stored header: its name (shown in the admin as "set") and the sealed value. */
export type TSealedHeader = { name: string; sealed: string };

// The header's name (lower case) is bound as associated data; the purpose names this key's use.
const sealingFor = (name: string): TSealing => ({ purpose: "feed request headers v1", context: `feed-header:${name.toLowerCase()}` });

export function sealHeaderValue(name: string, value: string, secret: string | undefined = readEnv().AUTH_SECRET): string {
  return sealSecret(value, sealingFor(name), secret);
}

/** Throws when the value was sealed under another AUTH_SECRET (or for another header name, or tampered with). */
export function openHeaderValue(name: string, sealed: string, secret: string | undefined = readEnv().AUTH_SECRET): string {
  return openSecret(sealed, { ...sealingFor(name), what: `the ${name} header` }, secret);
}

/** The request side (a command's `prepare`): every plain header value is sealed before the command is queued. */
export function sealHeaderInputs<T extends { headers?: { name: string; value?: string; sealed?: string }[] }>(input: T): T {
  if (!input.headers) return input;
  try {
    return { ...input, headers: input.headers.map((header) => (header.value === undefined ? header : { name: header.name, sealed: sealHeaderValue(header.name, header.value) })) };
  } catch (error) {
    if (error instanceof SecretUnavailableError) throw new AppError("unavailable", error.message);
    throw error;
  }
}

/** Opens every stored header for a fetch. */
export function openHeaders(headers: TSealedHeader[], secret?: string): Record<string, string> {
  return Object.fromEntries(headers.map((header) => [header.name, openHeaderValue(header.name, header.sealed, secret)]));
}

/** The stored list, read defensively from its JSON column. */
export function storedHeaders(value: unknown): TSealedHeader[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is TSealedHeader => typeof item === "object" && item !== null && typeof item.name === "string" && typeof item.sealed === "string");
}

/** What an update stores: the listed headers, each with its new sealed value or (none given) its stored one. */
export function mergeHeaders(stored: TSealedHeader[], listed: { name: string; value?: string; sealed?: string }[] | undefined): TSealedHeader[] {
  if (listed === undefined) return stored;
  return listed.map((header) => {
    if (header.sealed !== undefined) return { name: header.name, sealed: header.sealed };
    // A plain value reaching apply (it should have been sealed at the door) is sealed here, never stored as is.
    if (header.value !== undefined) return { name: header.name, sealed: sealHeaderValue(header.name, header.value) };
    const kept = stored.find((existing) => existing.name.toLowerCase() === header.name.toLowerCase());
    if (!kept) throw new AppError("invalid_input", `The header ${header.name} has no stored value to keep; give it a value.`, { headers: `Give ${header.name} a value.` });
    // The name is bound in lower case, so a change of letter case keeps the sealed value.
    return { name: header.name, sealed: kept.sealed };
  });
}
