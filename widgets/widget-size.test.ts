import vm from "node:vm";
import { beforeAll, describe, expect, test } from "vitest";
import { buildWidget, ENTRY_GZIP_BUDGET, TOTAL_GZIP_BUDGET, type TBuiltWidget } from "./build-widget";

let widget: TBuiltWidget;

beforeAll(async () => {
  widget = await buildWidget();
});

type TSandbox = Record<string, unknown> & { appended: { src: string; attributes: Record<string, string> }[] };

/**
 * Just enough of a browser for a bundle's top level to run; `slots` elements answer `[data-ballast-banners]`, and
 * localStorage throws like a sandboxed frame's does.
 */
function fakeWindow(options: { slots?: number } = {}): TSandbox {
  const appended: TSandbox["appended"] = [];
  const slots = Array.from({ length: options.slots ?? 0 }, () => ({}));
  const sandbox: TSandbox = {
    appended,
    document: {
      readyState: "complete",
      baseURI: "https://news.example/",
      currentScript: { src: "https://cdn.example/widgets/ballast.js" },
      head: { appendChild: (script: { src: string; attributes: Record<string, string> }) => appended.push(script) },
      createElement: () => {
        const attributes: Record<string, string> = {};
        return { src: "", attributes, setAttribute: (name: string, value: string) => (attributes[name] = value) };
      },
      querySelector: () => null,
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
});

describe("widget entry", () => {
  test("is named by its content hash", () => {
    expect(widget.entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(widget.entry.fileName).toBe(`ballast.${widget.entry.hash.slice(0, 12)}.js`);
  });

  test("defines no global except Ballast, which exposes the live-blog API", () => {
    const sandbox = fakeWindow();
    expect(runAndListNewGlobals(widget.entry.code, sandbox)).toEqual(["Ballast"]);
    const ballast = sandbox.Ballast as { liveblog: { version: unknown; init: unknown } };
    expect(Object.keys(ballast)).toEqual(["liveblog"]);
    expect(typeof ballast.liveblog.version).toBe("string");
    expect(typeof ballast.liveblog.init).toBe("function");
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

  test("loads nothing more on a page without a banner slot", () => {
    const sandbox = fakeWindow();
    vm.runInContext(widget.entry.code, vm.createContext(sandbox));
    expect(sandbox.appended).toEqual([]);
  });

  test("on a page with a banner slot, loads the banners file once, resolved against its own script's URL", () => {
    const sandbox = fakeWindow({ slots: 2 });
    vm.runInContext(widget.entry.code, vm.createContext(sandbox));
    expect(sandbox.appended.map((script) => script.src)).toEqual([`https://cdn.example/widgets/${widget.banners.fileName}`]);
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
    expect(Object.keys(sandbox.Ballast as object).sort()).toEqual(["banners", "liveblog"]);
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
