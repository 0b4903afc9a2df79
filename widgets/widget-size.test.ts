import vm from "node:vm";
import { beforeAll, describe, expect, test } from "vitest";
import { buildWidget, ENTRY_GZIP_BUDGET, LOOKUP_GZIP_BUDGET, QUESTIONS_GZIP_BUDGET, TOTAL_GZIP_BUDGET, type TBuiltWidget } from "./build-widget";

let widget: TBuiltWidget;

beforeAll(async () => {
  widget = await buildWidget();
});

type TFakeScript = { src: string; attributes: Record<string, string>; onload?: () => void; onerror?: () => void };
type TSandbox = Record<string, unknown> & { appended: TFakeScript[]; fetched: string[] };

/**
 * Just enough of a browser for a bundle's top level to run; `slots` elements answer `[data-ballast-banners]`, a
 * `lookupForm` answers `[data-ballast-lookup]` (for the entry's check only), `fetch` answers from `json` (404 for
 * anything else), and localStorage throws like a sandboxed frame's does.
 */
function fakeWindow(options: { slots?: number; lookupForm?: boolean; json?: Record<string, unknown> } = {}): TSandbox {
  const appended: TSandbox["appended"] = [];
  const fetched: string[] = [];
  const slots = Array.from({ length: options.slots ?? 0 }, () => ({}));
  const sandbox: TSandbox = {
    appended,
    fetched,
    fetch: (url: string) => {
      fetched.push(url);
      const body = options.json?.[url];
      return Promise.resolve({ status: body === undefined ? 404 : 200, ok: body !== undefined, json: () => Promise.resolve(body) });
    },
    document: {
      readyState: "complete",
      baseURI: "https://news.example/",
      currentScript: { src: "https://cdn.example/widgets/ballast.js" },
      head: {
        appendChild: (script: TFakeScript) => {
          appended.push(script);
          return script;
        },
      },
      createElement: () => {
        const attributes: Record<string, string> = {};
        return { src: "", attributes, setAttribute: (name: string, value: string) => (attributes[name] = value) };
      },
      querySelector: (selector: string) => (selector === "[data-ballast-lookup]" && options.lookupForm ? {} : null),
      querySelectorAll: (selector: string) => (selector === "[data-ballast-banners]" ? slots : []),
      addEventListener: () => undefined,
    },
    location: { href: "https://news.example/", hash: "" },
    addEventListener: () => undefined,
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    URL,
  };
  Object.defineProperty(sandbox, "localStorage", {
    get() {
      throw new Error("SecurityError: storage is disabled");
    },
  });
  sandbox.window = sandbox;
  return sandbox;
}

/** Globals a bundle added to a fresh fake window. */
function runAndListNewGlobals(code: string, sandbox = fakeWindow()): string[] {
  const before = new Set(Object.keys(sandbox));
  vm.runInContext(code, vm.createContext(sandbox));
  return Object.keys(sandbox).filter((key) => !before.has(key));
}

describe("widget size budgets", () => {
  test("the entry (live blog and banner bootstrap) stays within 5 KB gzipped", () => {
    expect(widget.entry.gzipBytes).toBeGreaterThan(0);
    expect(widget.entry.gzipBytes).toBeLessThanOrEqual(ENTRY_GZIP_BUDGET);
    expect(ENTRY_GZIP_BUDGET).toBe(5 * 1024);
  });

  test("the entry and the banners file together stay within 8 KB gzipped", () => {
    expect(widget.banners.gzipBytes).toBeGreaterThan(0);
    expect(widget.entry.gzipBytes + widget.banners.gzipBytes).toBeLessThanOrEqual(TOTAL_GZIP_BUDGET);
    expect(TOTAL_GZIP_BUDGET).toBe(8 * 1024);
  });

  test("the reader-questions file stays within 3 KB gzipped", () => {
    expect(widget.questions.gzipBytes).toBeGreaterThan(0);
    expect(widget.questions.gzipBytes).toBeLessThanOrEqual(QUESTIONS_GZIP_BUDGET);
    expect(QUESTIONS_GZIP_BUDGET).toBe(3 * 1024);
  });

  test("the lookup file stays within 2 KB gzipped", () => {
    expect(widget.lookup.gzipBytes).toBeGreaterThan(0);
    expect(widget.lookup.gzipBytes).toBeLessThanOrEqual(LOOKUP_GZIP_BUDGET);
    expect(LOOKUP_GZIP_BUDGET).toBe(2 * 1024);
  });
});

describe("widget entry", () => {
  test("is named by its content hash", () => {
    expect(widget.entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(widget.entry.fileName).toBe(`ballast.${widget.entry.hash.slice(0, 12)}.js`);
  });

  test("defines no global except Ballast, which exposes the live-blog API and the lookup stub", () => {
    const sandbox = fakeWindow();
    expect(runAndListNewGlobals(widget.entry.code, sandbox)).toEqual(["Ballast"]);
    const ballast = sandbox.Ballast as { liveblog: { version: unknown; init: unknown }; lookup: unknown };
    expect(Object.keys(ballast)).toEqual(["liveblog", "lookup"]);
    expect(typeof ballast.liveblog.version).toBe("string");
    expect(typeof ballast.liveblog.init).toBe("function");
    expect(typeof ballast.lookup).toBe("function");
  });

  test("a second copy of the script reuses the first copy's API", () => {
    const sandbox = fakeWindow();
    const context = vm.createContext(sandbox);
    vm.runInContext(widget.entry.code, context);
    const first = (sandbox.Ballast as { liveblog: unknown }).liveblog;
    vm.runInContext(widget.entry.code, context);
    expect((sandbox.Ballast as { liveblog: unknown }).liveblog).toBe(first);
  });

  test("uses no eval, storage or cookies", () => {
    expect(widget.entry.code).not.toMatch(/\beval\(|new Function|localStorage|sessionStorage|cookie/);
  });

  test("loads nothing more on a page without a banner slot or a lookup form", () => {
    const sandbox = fakeWindow();
    vm.runInContext(widget.entry.code, vm.createContext(sandbox));
    expect(sandbox.appended).toEqual([]);
  });

  test("on a page with a banner slot, loads the banners file once, resolved against its own script's URL", () => {
    const sandbox = fakeWindow({ slots: 2 });
    vm.runInContext(widget.entry.code, vm.createContext(sandbox));
    expect(sandbox.appended.map((script) => script.src)).toEqual([`https://cdn.example/widgets/${widget.banners.fileName}`]);
  });

  test("on a page with a lookup form, loads the lookup file once, resolved against its own script's URL", () => {
    const sandbox = fakeWindow({ lookupForm: true });
    const context = vm.createContext(sandbox);
    vm.runInContext(widget.entry.code, context);
    vm.runInContext(widget.entry.code, context);
    expect(sandbox.appended.map((script) => script.src)).toEqual([`https://cdn.example/widgets/${widget.lookup.fileName}`]);
  });
});

const ZIP_JSON = {
  "https://cdn.example/datasets/zip-codes/manifest.json": { schema: 1, version: 1, name: "zip-codes", key: { column: "zip", case: "none", padWidth: 5 }, layout: { type: "key" } },
  "https://cdn.example/datasets/zip-codes/43215.json": { key: "43215", values: { city: "Columbus", state: "OH" } },
};

describe("Ballast.lookup stub in the entry", () => {
  test("loads the lookup file at the first call and forwards to the lookup it defines, which fetches the manifest and the key file", async () => {
    const sandbox = fakeWindow({ json: ZIP_JSON });
    const context = vm.createContext(sandbox);
    vm.runInContext(widget.entry.code, context);
    const stub = (sandbox.Ballast as { lookup: (name: string, key: string) => Promise<unknown> }).lookup;
    const answers = [stub("zip-codes", "43215"), stub("zip-codes", " 43215 ")];
    expect(sandbox.appended.map((script) => script.src)).toEqual([`https://cdn.example/widgets/${widget.lookup.fileName}`]);
    expect(sandbox.fetched).toEqual([]);

    vm.runInContext(widget.lookup.code, context);
    sandbox.appended[0]!.onload!();
    expect(await Promise.all(answers)).toEqual([
      { city: "Columbus", state: "OH" },
      { city: "Columbus", state: "OH" },
    ]);
    expect(sandbox.fetched).toEqual(["https://cdn.example/datasets/zip-codes/manifest.json", "https://cdn.example/datasets/zip-codes/43215.json"]);
    const real = (sandbox.Ballast as { lookup: unknown }).lookup;
    expect(real).not.toBe(stub);
    expect(await stub("zip-codes", "99999")).toBeNull();
    expect(sandbox.appended).toHaveLength(1);
  });

  test("when the lookup file fails to load, the call rejects and the next call tries to load it again", async () => {
    const sandbox = fakeWindow({ json: ZIP_JSON });
    vm.runInContext(widget.entry.code, vm.createContext(sandbox));
    const stub = (sandbox.Ballast as { lookup: (name: string, key: string) => Promise<unknown> }).lookup;
    const first = stub("zip-codes", "43215");
    sandbox.appended[0]!.onerror!();
    await expect(first).rejects.toThrow(/lookup unavailable/);
    void stub("zip-codes", "43215");
    expect(sandbox.appended).toHaveLength(2);
  });
});

describe("widget banners file", () => {
  test("is named by its content hash", () => {
    expect(widget.banners.fileName).toBe(`ballast-banners.${widget.banners.hash.slice(0, 12)}.js`);
  });

  test("defines no global except Ballast, which gains the banners API, and survives storage that throws", () => {
    const sandbox = fakeWindow();
    expect(runAndListNewGlobals(widget.banners.code, sandbox)).toEqual(["Ballast"]);
    const banners = (sandbox.Ballast as { banners: Record<string, unknown> }).banners;
    expect(Object.keys(banners).sort()).toEqual(["init", "refresh", "setLocation", "version"]);
    expect(typeof banners.version).toBe("string");
    expect(() => (banners.setLocation as (location: object) => void)({ state: "OH", zip: "43215" })).not.toThrow();
  });

  test("next to the entry, both APIs live on the one Ballast global", () => {
    const sandbox = fakeWindow();
    const context = vm.createContext(sandbox);
    vm.runInContext(widget.entry.code, context);
    vm.runInContext(widget.banners.code, context);
    expect(Object.keys(sandbox.Ballast as object).sort()).toEqual(["banners", "liveblog", "lookup"]);
  });

  test("a second copy reuses the first copy's API", () => {
    const sandbox = fakeWindow();
    const context = vm.createContext(sandbox);
    vm.runInContext(widget.banners.code, context);
    const first = (sandbox.Ballast as { banners: unknown }).banners;
    vm.runInContext(widget.banners.code, context);
    expect((sandbox.Ballast as { banners: unknown }).banners).toBe(first);
  });

  test("uses no eval and no cookies; storage only through localStorage", () => {
    expect(widget.banners.code).not.toMatch(/\beval\(|new Function|sessionStorage|cookie/);
  });
});

describe("widget lookup file", () => {
  test("is named by its content hash", () => {
    expect(widget.lookup.fileName).toBe(`ballast-lookup.${widget.lookup.hash.slice(0, 12)}.js`);
  });

  test("defines no global except Ballast, which gains the lookup function, and a second copy reuses the first's", () => {
    const sandbox = fakeWindow();
    const context = vm.createContext(sandbox);
    const before = new Set(Object.keys(sandbox));
    vm.runInContext(widget.lookup.code, context);
    expect(Object.keys(sandbox).filter((key) => !before.has(key))).toEqual(["Ballast"]);
    const first = (sandbox.Ballast as { lookup: { version: unknown; init: unknown } }).lookup;
    expect(typeof first).toBe("function");
    expect(typeof first.version).toBe("string");
    expect(typeof first.init).toBe("function");
    vm.runInContext(widget.lookup.code, context);
    expect((sandbox.Ballast as { lookup: unknown }).lookup).toBe(first);
  });

  test("uses no eval and no cookies; storage only through localStorage", () => {
    expect(widget.lookup.code).not.toMatch(/\beval\(|new Function|sessionStorage|cookie/);
  });
});

describe("widget reader-questions file", () => {
  test("is named by its content hash", () => {
    expect(widget.questions.fileName).toBe(`ballast-questions.${widget.questions.hash.slice(0, 12)}.js`);
  });

  test("defines no global except Ballast, which gains the questions mount, and a second copy reuses the first's", () => {
    const sandbox = fakeWindow();
    const context = vm.createContext(sandbox);
    const before = new Set(Object.keys(sandbox));
    vm.runInContext(widget.questions.code, context);
    expect(Object.keys(sandbox).filter((key) => !before.has(key))).toEqual(["Ballast"]);
    const first = (sandbox.Ballast as { questions: { version: unknown } }).questions;
    expect(typeof first).toBe("function");
    expect(typeof first.version).toBe("string");
    vm.runInContext(widget.questions.code, context);
    expect((sandbox.Ballast as { questions: unknown }).questions).toBe(first);
  });

  test("uses no eval, storage or cookies, and never inserts HTML", () => {
    expect(widget.questions.code).not.toMatch(/\beval\(|new Function|localStorage|sessionStorage|cookie|innerHTML|outerHTML|insertAdjacentHTML/);
  });

  test("the entry does not load it on a page without a live blog", () => {
    const sandbox = fakeWindow();
    vm.runInContext(widget.entry.code, vm.createContext(sandbox));
    expect(sandbox.appended.map((script) => script.src)).not.toContain(`https://cdn.example/widgets/${widget.questions.fileName}`);
  });
});
