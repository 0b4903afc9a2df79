import vm from "node:vm";
import { beforeAll, describe, expect, test } from "vitest";
import { buildWidget, type TBuiltWidget } from "./build-widget";

let widget: TBuiltWidget;

beforeAll(async () => {
  widget = await buildWidget();
});

/** Just enough of a browser for the bundle's top level to run on a page without containers. */
function fakeWindow(): Record<string, unknown> {
  const sandbox: Record<string, unknown> = {
    document: { readyState: "complete", baseURI: "https://news.example/", querySelectorAll: () => [], addEventListener: () => undefined },
    location: { href: "https://news.example/", hash: "" },
    addEventListener: () => undefined,
  };
  sandbox.window = sandbox;
  return sandbox;
}

describe("built widget", () => {
  test("stays within the 5 KB gzip budget", () => {
    expect(widget.gzipBytes).toBeGreaterThan(0);
    expect(widget.gzipBytes).toBeLessThanOrEqual(5 * 1024);
  });

  test("is named by its content hash", () => {
    expect(widget.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(widget.fileName).toBe(`ballast.${widget.hash.slice(0, 12)}.js`);
  });

  test("defines no global except Ballast, which exposes the live-blog API", () => {
    const sandbox = fakeWindow();
    const context = vm.createContext(sandbox);
    const before = new Set(Object.keys(sandbox));
    vm.runInContext(widget.code, context);
    expect(Object.keys(sandbox).filter((key) => !before.has(key))).toEqual(["Ballast"]);
    const ballast = sandbox.Ballast as { liveblog: { version: unknown; init: unknown } };
    expect(Object.keys(ballast)).toEqual(["liveblog"]);
    expect(typeof ballast.liveblog.version).toBe("string");
    expect(typeof ballast.liveblog.init).toBe("function");
  });

  test("a second copy of the script reuses the first copy's API", () => {
    const sandbox = fakeWindow();
    const context = vm.createContext(sandbox);
    vm.runInContext(widget.code, context);
    const first = (sandbox.Ballast as { liveblog: unknown }).liveblog;
    vm.runInContext(widget.code, context);
    expect((sandbox.Ballast as { liveblog: unknown }).liveblog).toBe(first);
  });

  test("uses no eval, storage or cookies", () => {
    expect(widget.code).not.toMatch(/\beval\(|new Function|localStorage|sessionStorage|cookie/);
  });
});
