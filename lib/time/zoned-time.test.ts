import { describe, expect, it } from "vitest";
import { formatInZone, isValidTimeZone, utcToZonedLocal, zonedLocalToUtc } from "./zoned-time";

describe("a wall-clock time in a chosen time zone, stored in UTC", () => {
  it.each([
    ["2026-11-03T06:00", "America/New_York", "2026-11-03T11:00:00.000Z"],
    ["2026-07-04T06:00", "America/New_York", "2026-07-04T10:00:00.000Z"],
    ["2026-11-03T19:30", "America/Los_Angeles", "2026-11-04T03:30:00.000Z"],
    ["2026-11-03T12:00", "UTC", "2026-11-03T12:00:00.000Z"],
    ["2026-11-03T07:30", "Asia/Kolkata", "2026-11-03T02:00:00.000Z"],
  ])("%s in %s is %s, and shows back as the same wall-clock time", (local, zone, utc) => {
    expect(zonedLocalToUtc(local, zone)?.toISOString()).toBe(utc);
    expect(utcToZonedLocal(utc, zone)).toBe(local);
  });

  it("takes a repeated hour's first occurrence and moves a skipped time past the gap", () => {
    expect(zonedLocalToUtc("2026-11-01T01:30", "America/New_York")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(zonedLocalToUtc("2026-03-08T02:30", "America/New_York")?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // Either side of the equator and of UTC: the first of the two readings.
    expect(zonedLocalToUtc("2026-10-25T01:30", "Europe/London")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(zonedLocalToUtc("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(zonedLocalToUtc("2026-04-05T02:30", "Australia/Sydney")?.toISOString()).toBe("2026-04-04T15:30:00.000Z");
  });

  it("reads back an instant in its zone with the zone's abbreviation", () => {
    expect(formatInZone("2030-11-05T12:30:00.000Z", "America/New_York")).toBe("Nov 5, 2030, 7:30 AM EST");
    expect(formatInZone(new Date("2026-07-04T10:00:00Z"), "America/New_York")).toBe("Jul 4, 2026, 6:00 AM EDT");
  });

  it("refuses a malformed or impossible time, or an unknown zone", () => {
    expect(zonedLocalToUtc("tomorrow", "UTC")).toBeNull();
    expect(zonedLocalToUtc("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedLocalToUtc("2026-11-03T24:00", "UTC")).toBeNull();
    expect(zonedLocalToUtc("2026-11-03T06:00", "Mars/Olympus_Mons")).toBeNull();
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("")).toBe(false);
  });
});
