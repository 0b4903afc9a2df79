// Body caps enforced before a body is read. Server actions carry form fields, never files (uploads go to /api/media).
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
/** next-auth's own endpoints take a CSRF token, an email and a password. */
export const MAX_AUTH_BODY_BYTES = 16 * 1024;

export type TBodyRefusal = { status: 411 | 413; error: string };

/** Refuses, from the headers alone, a body larger than the cap or one whose size is not declared up front. */
export function refuseOversizedBody(headers: { get(name: string): string | null }, maxBytes: number): TBodyRefusal | null {
  const declared = headers.get("content-length");
  if (declared === null) {
    return headers.get("transfer-encoding") ? { status: 411, error: "Send the request with a Content-Length." } : null;
  }
  if (!/^\d+$/.test(declared.trim()) || Number(declared) > maxBytes) return { status: 413, error: `The request body is larger than ${Math.round(maxBytes / 1024)} KB.` };
  return null;
}
