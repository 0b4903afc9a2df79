import { describe, expect, test } from "vitest";
import { isOpen, matchesReader, newerNotice, nextBoundaryMs, normalizeState, normalizeZip, readBannerSet, readNoticeDocument, selectBanners, type TBanner, type TReader } from "./match-banners";

const NOW = Date.parse("2026-11-03T18:00:00.000Z");
const iso = (offsetMinutes: number) => new Date(NOW + offsetMinutes * 60_000).toISOString();

function banner(id: string, fields: Partial<TBanner> = {}): TBanner {
  return { id, version: 1, severity: "info", messageHtml: id, cta: null, placements: ["homepage"], target: null, startsAt: null, endsAt: null, dismissible: true, ...fields };
}

const reader = (fields: Partial<TReader> = {}): TReader => ({ placement: "homepage", state: null, zip: null, ...fields });
const ids = (banners: TBanner[]) => banners.map((item) => item.id);
const select = (banners: TBanner[], who = reader(), options: { nowMs?: number; limit?: number; dismissed?: Set<string> } = {}) =>
  ids(selectBanners(banners, who, { nowMs: options.nowMs ?? NOW, limit: options.limit ?? 3, dismissed: options.dismissed ?? new Set() }));

describe("placement", () => {
  test("a banner shows in slots of its placements and sitewide banners in every slot", () => {
    const banners = [banner("home"), banner("side", { placements: ["sidebar"] }), banner("everywhere", { placements: ["sitewide"] }), banner("both", { placements: ["sidebar", "homepage"] })];
    expect(select(banners, reader({ placement: "homepage" }))).toEqual(["home", "everywhere", "both"]);
    expect(select(banners, reader({ placement: "sidebar" }))).toEqual(["side", "everywhere", "both"]);
    expect(select(banners, reader({ placement: "election-results" }))).toEqual(["everywhere"]);
  });
});

describe("targeting", () => {
  const ohio = banner("ohio", { target: { states: ["OH"] } });
  const columbus = banner("columbus", { target: { zipPrefixes: ["432", "43085"] } });
  const everyone = banner("everyone", { target: null });

  test("a state-targeted banner shows only to readers in one of its states", () => {
    expect(select([ohio, everyone], reader({ state: "OH" }))).toEqual(["ohio", "everyone"]);
    expect(select([ohio, everyone], reader({ state: "CA" }))).toEqual(["everyone"]);
    expect(select([ohio, everyone], reader())).toEqual(["everyone"]);
  });

  test("a ZIP-prefix banner shows to readers whose ZIP starts with one of its prefixes", () => {
    expect(select([columbus], reader({ zip: "43215" }))).toEqual(["columbus"]);
    expect(select([columbus], reader({ zip: "43085" }))).toEqual(["columbus"]);
    expect(select([columbus], reader({ zip: "44101" }))).toEqual([]);
    expect(select([columbus], reader({ zip: "04321" }))).toEqual([]);
    expect(select([columbus], reader({ state: "OH" }))).toEqual([]);
  });

  test("an untargeted banner (null target) shows to everyone", () => {
    expect(matchesReader(everyone, reader({ state: "CA", zip: "90210" }))).toBe(true);
    expect(matchesReader(everyone, reader())).toBe(true);
  });
});

describe("schedule window, by the reader's clock", () => {
  test("opens at startsAt (inclusive) and closes at endsAt (exclusive); null bounds are open", () => {
    const windowed = banner("windowed", { startsAt: iso(10), endsAt: iso(20) });
    expect(isOpen(windowed, NOW)).toBe(false);
    expect(isOpen(windowed, NOW + 10 * 60_000 - 1)).toBe(false);
    expect(isOpen(windowed, NOW + 10 * 60_000)).toBe(true);
    expect(isOpen(windowed, NOW + 20 * 60_000 - 1)).toBe(true);
    expect(isOpen(windowed, NOW + 20 * 60_000)).toBe(false);
    expect(isOpen(banner("open", { startsAt: null, endsAt: null }), NOW)).toBe(true);
    expect(isOpen(banner("ended", { endsAt: iso(-1) }), NOW)).toBe(false);
    expect(isOpen(banner("started", { startsAt: iso(-1) }), NOW)).toBe(true);
  });

  test("the next boundary is the earliest start or end still ahead", () => {
    const banners = [banner("a", { startsAt: iso(-5), endsAt: iso(30) }), banner("b", { startsAt: iso(12), endsAt: iso(40) }), banner("c")];
    expect(nextBoundaryMs(banners, NOW)).toBe(NOW + 12 * 60_000);
    expect(nextBoundaryMs(banners, NOW + 12 * 60_000)).toBe(NOW + 30 * 60_000);
    expect(nextBoundaryMs(banners, NOW + 40 * 60_000)).toBe(Infinity);
    expect(nextBoundaryMs([banner("c")], NOW)).toBe(Infinity);
  });
});

describe("order, limit and dismissals", () => {
  const banners = ["p1", "p2", "p3", "p4", "p5"].map((id) => banner(id));

  test("keeps the published (priority) order and shows at most the limit", () => {
    expect(select(banners)).toEqual(["p1", "p2", "p3"]);
    expect(select(banners, reader(), { limit: 1 })).toEqual(["p1"]);
    expect(select(banners, reader(), { limit: 10 })).toEqual(["p1", "p2", "p3", "p4", "p5"]);
    expect(select(banners, reader(), { limit: 0 })).toEqual([]);
  });

  test("banners that do not match, are closed or were dismissed at this version leave room for the next ones", () => {
    const mixed = [banner("closed", { startsAt: iso(5) }), banner("elsewhere", { placements: ["sidebar"] }), banner("dismissed", { version: 2 }), ...banners];
    expect(select(mixed, reader(), { dismissed: new Set(["dismissed:2"]) })).toEqual(["p1", "p2", "p3"]);
    // An edit bumps the version: the earlier dismissal no longer applies.
    expect(select(mixed, reader(), { dismissed: new Set(["dismissed:1"]) })).toEqual(["dismissed", "p1", "p2"]);
  });
});

describe("reading published JSON", () => {
  test("a malformed set throws (the widget keeps its last good state); a malformed banner alone is skipped", () => {
    for (const bad of [null, "text", [], { schema: 2, version: 1, banners: [] }, { schema: 1, banners: [] }, { schema: 1, version: 1, banners: {} }]) {
      expect(() => readBannerSet(bad)).toThrow();
    }
    const set = readBannerSet({
      schema: 1,
      version: 7,
      banners: [{ id: "no-version", messageHtml: "x", placements: [] }, { ...banner("good"), severity: "loud", cta: { label: 1 }, target: { states: ["OH", 5] }, startsAt: "not a date" }, "junk"],
    });
    expect(set.version).toBe(7);
    expect(set.banners).toEqual([{ ...banner("good"), severity: "info", cta: null, target: { states: ["OH"], zipPrefixes: undefined }, startsAt: null }]);
  });

  test("a notice document gives its notice, or null once cleared; a malformed one throws", () => {
    expect(readNoticeDocument({ schema: 1, version: 5, publishedAt: "x", notice: { id: "n1", message: "Delayed", issuedAt: "x" } })).toEqual({ version: 5, notice: { id: "n1", message: "Delayed" } });
    expect(readNoticeDocument({ schema: 1, version: 6, notice: null })).toEqual({ version: 6, notice: null });
    expect(() => readNoticeDocument({ schema: 1, version: 6, notice: { id: "n1" } })).toThrow();
    expect(() => readNoticeDocument({ schema: 1 })).toThrow();
  });

  test("an empty notice message means the notice was cleared", () => {
    expect(readNoticeDocument({ schema: 1, version: 7, notice: { id: "n2", message: "  ", issuedAt: "x" } })).toEqual({ version: 7, notice: null });
  });

  test("a head carrying the recorded notice gives it with its issue time as version; the notice issued last wins", () => {
    const issuedAt = "2026-11-03T18:00:00.000Z";
    const set = readBannerSet({ schema: 1, version: 3, banners: [], notice: { id: "n1", message: "Delayed", issuedAt } });
    expect(set.notice).toEqual({ version: Date.parse(issuedAt), notice: { id: "n1", message: "Delayed" } });
    expect(readBannerSet({ schema: 1, version: 3, banners: [], notice: null }).notice).toBeUndefined();

    const file = (version: number, message: string | null) => ({ version, notice: message === null ? null : { id: `f${version}`, message } });
    expect(newerNotice(file(Date.parse(issuedAt) - 1, "Older file"), set.notice)).toBe(set.notice);
    expect(newerNotice(file(Date.parse(issuedAt) + 1, null), set.notice)).toEqual(file(Date.parse(issuedAt) + 1, null));
    expect(newerNotice(null, set.notice)).toBe(set.notice);
    expect(newerNotice(file(5, "Only the file"), undefined)).toEqual(file(5, "Only the file"));
    expect(newerNotice(null, undefined)).toBeNull();
  });

  test("states and ZIPs are normalised to the JSON's spelling or refused", () => {
    expect(normalizeState(" oh ")).toBe("OH");
    expect(normalizeState("Ohio")).toBeNull();
    expect(normalizeState(undefined)).toBeNull();
    expect(normalizeZip("43215")).toBe("43215");
    expect(normalizeZip("43215-1234")).toBe("43215");
    expect(normalizeZip("4321")).toBeNull();
    expect(normalizeZip("abcde")).toBeNull();
  });
});
