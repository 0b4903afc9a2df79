// Kept apart from zoned-time.ts so schemas the worker loads don't pull in date-fns (about 28 MB of modules under tsx).

/** True for an IANA zone name this runtime knows (what Intl accepts). */
export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
