import { describe, expect, test } from "vitest";
import { isDatasetName, keyPath, normalizeKey, readManifest, readValues, type TDatasetManifest } from "./lookup-keys";

const manifest = (key: object, layout: object) => ({ schema: 1, version: 7, publishedAt: "2026-01-01T00:00:00.000Z", name: "zip-codes", keyCount: 2, columns: ["city", "state"], key, layout, hashTree: {} });
const KEY_LAYOUT: TDatasetManifest["layout"] = { type: "key" };
const SHARD_LAYOUT: TDatasetManifest["layout"] = { type: "shard", prefixLength: 3 };

describe("dataset manifest", () => {
  test("gives the key rules and the layout the widget needs", () => {
    expect(readManifest(manifest({ column: "zip", case: "none", padWidth: 5 }, { type: "key" }))).toEqual({ key: { case: "none", padWidth: 5 }, layout: { type: "key" } });
    expect(readManifest(manifest({ column: "code", case: "upper", padWidth: null }, { type: "shard", prefixLength: 2 }))).toEqual({
      key: { case: "upper", padWidth: null },
      layout: { type: "shard", prefixLength: 2 },
    });
  });

  test("an unknown case counts as none and a bad pad width as no padding", () => {
    expect(readManifest(manifest({ column: "zip", case: "title", padWidth: -3 }, { type: "key" })).key).toEqual({ case: "none", padWidth: null });
    expect(readManifest(manifest({ column: "zip", padWidth: 2.5 }, { type: "key" })).key).toEqual({ case: "none", padWidth: null });
  });

  test.each([null, [], { schema: 2, key: {}, layout: { type: "key" } }, manifest({}, { type: "tree" }), manifest({}, { type: "shard" }), manifest({}, { type: "shard", prefixLength: 0 }), { schema: 1, layout: { type: "key" } }])(
    "refuses what is not a manifest it understands: %j",
    (json) => {
      expect(() => readManifest(json)).toThrow();
    },
  );
});

describe("key normalisation", () => {
  test("trims what the reader typed", () => {
    expect(normalizeKey("  43215 \t", { case: "none", padWidth: null })).toBe("43215");
  });

  test("zero-pads on the left to the manifest's width, and leaves longer keys alone", () => {
    expect(normalizeKey("501", { case: "none", padWidth: 5 })).toBe("00501");
    expect(normalizeKey(" 2134 ", { case: "none", padWidth: 5 })).toBe("02134");
    expect(normalizeKey("123456", { case: "none", padWidth: 5 })).toBe("123456");
  });

  test("an empty key stays empty instead of becoming zeros", () => {
    expect(normalizeKey("   ", { case: "none", padWidth: 5 })).toBe("");
    expect(normalizeKey(null, { case: "none", padWidth: 5 })).toBe("");
  });

  test("upper- or lower-cases as the manifest says, and keeps the case otherwise", () => {
    expect(normalizeKey(" sw1a ", { case: "upper", padWidth: null })).toBe("SW1A");
    expect(normalizeKey("SW1A", { case: "lower", padWidth: null })).toBe("sw1a");
    expect(normalizeKey("Sw1A", { case: "none", padWidth: null })).toBe("Sw1A");
  });

  test("a number key is read as its digits", () => {
    expect(normalizeKey(2134, { case: "none", padWidth: 5 })).toBe("02134");
  });
});

describe("key URL", () => {
  test("one file per key in the key layout", () => {
    expect(keyPath("43215", KEY_LAYOUT)).toBe("43215.json");
  });

  test("the shard of the key's prefix in the shard layout", () => {
    expect(keyPath("43215", SHARD_LAYOUT)).toBe("shards/432.json");
    expect(keyPath("00501", SHARD_LAYOUT)).toBe("shards/005.json");
    expect(keyPath("ab", SHARD_LAYOUT)).toBe("shards/ab.json");
  });

  test("encodes characters that mean something in a URL", () => {
    expect(keyPath("a b?c#d%e&f", KEY_LAYOUT)).toBe("a%20b%3Fc%23d%25e%26f.json");
    expect(keyPath("é+x", KEY_LAYOUT)).toBe("%C3%A9%2Bx.json");
    expect(keyPath("?#%", SHARD_LAYOUT)).toBe("shards/%3F%23%25.json");
  });

  test("refuses keys that could leave the dataset's folder", () => {
    for (const key of ["a/b", "/", "..", "../manifest", "a..b", "x/../y"]) {
      expect(() => keyPath(key, KEY_LAYOUT), key).toThrow(/bad lookup key/);
      expect(() => keyPath(key, SHARD_LAYOUT), key).toThrow(/bad lookup key/);
    }
  });

  test("an empty key has no file", () => {
    expect(keyPath("", KEY_LAYOUT)).toBeNull();
  });

  test("dataset names follow the backend's rule", () => {
    expect(isDatasetName("zip-codes")).toBe(true);
    expect(isDatasetName("a".repeat(63))).toBe(true);
    for (const name of ["", "-zip", "Zip", "zip/codes", "..", "a".repeat(64), "zip codes", 5]) expect(isDatasetName(name)).toBe(false);
  });
});

describe("values of a key", () => {
  test("a key file gives its values", () => {
    expect(readValues({ key: "43215", values: { city: "Columbus", state: "OH" } }, "43215", KEY_LAYOUT)).toEqual({ city: "Columbus", state: "OH" });
  });

  test("a key file for another key gives nothing", () => {
    expect(readValues({ key: "43216", values: { city: "Columbus", state: "OH" } }, "43215", KEY_LAYOUT)).toBeNull();
  });

  test("a shard gives the values of the key asked for, and nothing for a key it does not hold", () => {
    const shard = { "43215": { city: "Columbus", state: "OH" }, "43201": { city: "Columbus", state: "OH" }, "43230": { city: "Gahanna", state: "OH" } };
    expect(readValues(shard, "43230", SHARD_LAYOUT)).toEqual({ city: "Gahanna", state: "OH" });
    expect(readValues(shard, "43299", SHARD_LAYOUT)).toBeNull();
  });

  test("object keys a shard only inherits are not keys", () => {
    expect(readValues({}, "constructor", SHARD_LAYOUT)).toBeNull();
    expect(readValues({}, "__proto__", SHARD_LAYOUT)).toBeNull();
    expect(readValues(JSON.parse('{"__proto__":{"city":"Proto"}}'), "__proto__", SHARD_LAYOUT)).toEqual({ city: "Proto" });
  });

  test("keeps string and number values only, as strings, in a fresh object", () => {
    const values = { city: "Columbus", population: 905748, nested: { x: 1 }, list: ["a"], missing: null };
    const read = readValues({ key: "43215", values }, "43215", KEY_LAYOUT);
    expect(read).toEqual({ city: "Columbus", population: "905748" });
    expect(read).not.toBe(values);
  });

  test("a missing file (null) or a malformed one gives nothing", () => {
    expect(readValues(null, "43215", KEY_LAYOUT)).toBeNull();
    expect(readValues({ key: "43215", values: "Columbus" }, "43215", KEY_LAYOUT)).toBeNull();
    expect(readValues({ "43215": "Columbus" }, "43215", SHARD_LAYOUT)).toBeNull();
  });
});
