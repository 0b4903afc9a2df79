// Wall-clock times in an IANA zone <-> UTC instants (date-fns-tz): an editor enters "2026-11-03T07:30" in
// America/New_York, Ballast stores the UTC instant and shows it back in that zone. Safe to import from client code.
import { formatInTimeZone, fromZonedTime } from "date-fns-tz";
import { isValidTimeZone } from "./is-valid-time-zone";

export { isValidTimeZone };

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "YYYY-MM-DDTHH:mm[:ss]" read as a wall-clock time in `timeZone` -> the UTC instant; null for a malformed or
 * impossible date-time (Feb 30) or an unknown zone. A time skipped by a DST change moves forward by the gap; a
 * repeated one takes its first occurrence. */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(local.trim());
  if (!match || !isValidTimeZone(timeZone)) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  const instant = fromZonedTime(match[0], timeZone);
  if (Number.isNaN(instant.getTime())) return null;
  // Inside a DST gap the library lands before it; moving on by the difference in wall time lands after it instead.
  const wallMs = (value: string) => Date.parse(`${value.slice(0, 16)}:00Z`);
  const shown = utcToZonedLocal(instant, timeZone);
  let result = instant.getTime() + (wallMs(match[0]) - wallMs(shown));
  // A wall time that happens twice (clocks going back) takes its first occurrence, whichever the library chose.
  const wanted = match[0].slice(0, 16);
  for (const earlier of [3_600_000, 1_800_000]) {
    if (utcToZonedLocal(new Date(result - earlier), timeZone) === wanted) {
      result -= earlier;
      break;
    }
  }
  return new Date(result);
}

/** A UTC instant -> "YYYY-MM-DDTHH:mm" in `timeZone` (what a datetime-local input shows). */
export function utcToZonedLocal(instant: Date | string, timeZone: string): string {
  return formatInTimeZone(instant, timeZone, "yyyy-MM-dd'T'HH:mm");
}

/** A readable instant in a zone, e.g. "Nov 3, 2026, 7:30 AM EST". */
export function formatInZone(instant: Date | string, timeZone: string): string {
  return formatInTimeZone(instant, timeZone, "MMM d, yyyy, h:mm a zzz");
}
