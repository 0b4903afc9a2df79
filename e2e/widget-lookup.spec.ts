// The widget's lookups on host pages, against fixture dataset objects (datasets/<name>/manifest.json, key files and
// shard files, as the contract of issue #13 lays them out) served by e2e/widget-fixture-server.ts: the demo page and the
// page module's form fill city and state at the fifth digit, unknown ZIPs, the reader's own typing, one request per
// lookup, the state remembered for banners, and Ballast.lookup itself.
import { expect, test, type Page } from "@playwright/test";
import { renderPageHtml } from "../lib/render/render-page-html";
import { buildWidget, type TBuiltWidget } from "../widgets/build-widget";
import { DEMO_LOOKUP_PATH, startWidgetFixtureServer, type TFixtureServer } from "./widget-fixture-server";

const PORT = 3152;
let server: TFixtureServer;
let widget: TBuiltWidget;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  widget = await buildWidget();
  server = await startWidgetFixtureServer({ port: PORT, widget });
});

test.afterAll(async () => {
  await server?.close();
});

type TRow = { city: string; state: string };

const ROWS: Record<string, TRow> = {
  "43215": { city: "Columbus", state: "OH" },
  "43201": { city: "Columbus", state: "OH" },
  "43085": { city: "Worthington", state: "OH" },
  "90210": { city: "Beverly Hills", state: "CA" },
  "00501": { city: "Holtsville", state: "NY" },
};

function manifest(name: string, layout: object): string {
  return JSON.stringify({
    schema: 1,
    version: 7,
    publishedAt: new Date().toISOString(),
    name,
    keyCount: Object.keys(ROWS).length,
    columns: ["city", "state"],
    key: { column: "zip", case: "none", padWidth: 5 },
    layout,
    hashTree: { root: "0".repeat(64) },
  });
}

/** `datasets/<name>/...` as the dataset backend publishes it: one file per key, or one per 3-character prefix. */
function publishDataset(name: string, layout: "key" | "shard", folder = "/datasets/"): void {
  const base = `${folder}${name}/`;
  server.datasets.set(`${base}manifest.json`, manifest(name, layout === "key" ? { type: "key" } : { type: "shard", prefixLength: 3 }));
  if (layout === "key") {
    for (const [key, values] of Object.entries(ROWS)) server.datasets.set(`${base}${key}.json`, JSON.stringify({ key, values }));
    return;
  }
  const shards = new Map<string, Record<string, TRow>>();
  for (const [key, values] of Object.entries(ROWS)) shards.set(key.slice(0, 3), { ...shards.get(key.slice(0, 3)), [key]: values });
  for (const [prefix, shard] of shards) server.datasets.set(`${base}shards/${prefix}.json`, JSON.stringify(shard));
}

test.beforeEach(() => {
  server.reset();
  publishDataset("zip-codes", "key");
  publishDataset("zip-shards", "shard");
});

const datasetRequests = () => server.requests.filter((request) => request.path.startsWith("/datasets/")).map((request) => request.path);
const entryScript = (attributes = "") => `<script src="${server.dataOrigin}/widgets/ballast.js" ${attributes} async></script>`;

/** A lookup form like the demo's, for `dataset`, with the widget's entry script after it. */
function lookupForm(dataset: string, options: { formAttributes?: string; scriptAttributes?: string } = {}): string {
  return (
    `<form data-ballast-lookup="${dataset}" ${options.formAttributes ?? ""}>` +
    `<label for="zip">ZIP code</label><input id="zip" name="zip" inputmode="numeric" autocomplete="postal-code" maxlength="5">` +
    `<label for="city">City</label><input id="city" name="city" autocomplete="address-level2">` +
    `<label for="state">State</label><input id="state" name="state" autocomplete="address-level1">` +
    `<button type="submit">Look up</button></form>${entryScript(options.scriptAttributes)}`
  );
}

async function openLookup(page: Page, markup: string): Promise<void> {
  server.lookupPage = markup;
  await page.goto(`${server.hostOrigin}/lookup.html`);
}

/** Waits until the lookup file has bound the page's forms (it replaced the entry's stub). */
async function lookupReady(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { Ballast?: { lookup?: { version?: string } } }).Ballast?.lookup?.version)).toBe("string");
}

/** Types a ZIP key by key into an emptied field, as a reader does. */
async function typeZip(page: Page, zip: string): Promise<void> {
  const input = page.getByLabel("ZIP code");
  await input.fill("");
  await input.pressSequentially(zip, { delay: 30 });
}

const status = (page: Page) => page.getByRole("status");

test("the demo page pre-fills city and state from a ZIP as the reader types the fifth digit, one request per lookup", async ({ page }) => {
  await page.goto(`${server.hostOrigin}${DEMO_LOOKUP_PATH}`);
  await lookupReady(page);
  const city = page.getByLabel("City");
  const state = page.getByLabel("State");

  await page.getByLabel("ZIP code").pressSequentially("4321", { delay: 30 });
  await page.waitForTimeout(300);
  // Four digits: the manifest (fetched when the reader reached the form) and no key yet.
  expect(datasetRequests()).toEqual(["/datasets/zip-codes/manifest.json"]);
  await expect(city).toHaveValue("");

  await page.getByLabel("ZIP code").press("5");
  await expect(city).toHaveValue("Columbus");
  await expect(state).toHaveValue("OH");
  await expect(status(page)).toHaveText("ZIP code 43215: Columbus, OH.");
  await expect(status(page)).toHaveAttribute("aria-live", "polite");
  expect(datasetRequests()).toEqual(["/datasets/zip-codes/manifest.json", "/datasets/zip-codes/43215.json"]);

  // Another ZIP replaces what the widget filled, with one request; a ZIP already looked up makes none.
  await typeZip(page, "90210");
  await expect(city).toHaveValue("Beverly Hills");
  await expect(state).toHaveValue("CA");
  await typeZip(page, "43215");
  await expect(city).toHaveValue("Columbus");
  await expect(status(page)).toHaveText("ZIP code 43215: Columbus, OH.");
  expect(datasetRequests()).toEqual(["/datasets/zip-codes/manifest.json", "/datasets/zip-codes/43215.json", "/datasets/zip-codes/90210.json"]);
});

test("an unknown ZIP leaves city and state empty and says so politely, and clears what the widget had filled", async ({ page }) => {
  await openLookup(page, lookupForm("zip-codes"));
  await lookupReady(page);
  await typeZip(page, "99999");
  await expect(status(page)).toHaveText("ZIP code 99999 was not found. Please enter the city and state.");
  await expect(page.getByLabel("City")).toHaveValue("");
  await expect(page.getByLabel("State")).toHaveValue("");

  await typeZip(page, "43085");
  await expect(page.getByLabel("City")).toHaveValue("Worthington");
  await typeZip(page, "99998");
  await expect(status(page)).toHaveText("ZIP code 99998 was not found. Please enter the city and state.");
  await expect(page.getByLabel("City")).toHaveValue("");
  await expect(page.getByLabel("State")).toHaveValue("");
  // The widget made its own live region in a form that had none.
  await expect(page.locator("form [role=status][aria-live=polite]")).toHaveCount(1);

  // Submitting a short ZIP (this form has no pattern of its own) asks for five digits, and stays on the page.
  await typeZip(page, "123");
  await page.getByLabel("ZIP code").press("Enter");
  await expect(status(page)).toHaveText("Enter a 5-digit ZIP code.");
  expect(page.url()).toBe(`${server.hostOrigin}/lookup.html`);
});

test("fields the reader typed in are never overwritten", async ({ page }) => {
  await openLookup(page, lookupForm("zip-codes"));
  await lookupReady(page);
  await page.getByLabel("City").fill("Bexley");
  await typeZip(page, "43215");
  await expect(page.getByLabel("State")).toHaveValue("OH");
  await expect(page.getByLabel("City")).toHaveValue("Bexley");

  // The reader corrects the state the widget filled: a later ZIP leaves it too.
  await page.getByLabel("State").fill("Ohio");
  await typeZip(page, "90210");
  await expect(status(page)).toHaveText("ZIP code 90210: Beverly Hills, CA.");
  await expect(page.getByLabel("City")).toHaveValue("Bexley");
  await expect(page.getByLabel("State")).toHaveValue("Ohio");

  // A field the reader emptied is the widget's to fill again.
  await page.getByLabel("City").fill("");
  await typeZip(page, "43085");
  await expect(page.getByLabel("City")).toHaveValue("Worthington");
  await expect(page.getByLabel("State")).toHaveValue("Ohio");
});

test("a sharded dataset answers from the shard of the ZIP's prefix: one request per shard", async ({ page }) => {
  await openLookup(page, lookupForm("zip-shards"));
  await lookupReady(page);
  await typeZip(page, "43215");
  await expect(page.getByLabel("City")).toHaveValue("Columbus");
  await expect(page.getByLabel("State")).toHaveValue("OH");
  await typeZip(page, "43085");
  await expect(page.getByLabel("City")).toHaveValue("Worthington");
  await typeZip(page, "43299");
  await expect(status(page)).toHaveText("ZIP code 43299 was not found. Please enter the city and state.");
  await typeZip(page, "90210");
  await expect(page.getByLabel("City")).toHaveValue("Beverly Hills");
  expect(datasetRequests()).toEqual(["/datasets/zip-shards/manifest.json", "/datasets/zip-shards/shards/432.json", "/datasets/zip-shards/shards/430.json", "/datasets/zip-shards/shards/902.json"]);
});

test("the page module's form (as lib/render publishes it) fills city and state, and Enter looks up instead of leaving the page", async ({ page }) => {
  server.lookupPage = renderPageHtml(
    {
      schema: 1,
      version: 1,
      publishedAt: new Date().toISOString(),
      page: { slug: "vote", title: "Vote", description: "", url: `${server.hostOrigin}/lookup.html` },
      modules: [{ id: "m1", type: "lookup", dataset: "zip-codes", label: "ZIP code" }],
    },
    { widgetUrl: `${server.dataOrigin}/widgets/${widget.entry.fileName}`, bannersUrl: `${server.dataOrigin}/banners/latest.json` },
  );
  await page.goto(`${server.hostOrigin}/lookup.html`);
  await lookupReady(page);
  await typeZip(page, "00501");
  await expect(page.getByLabel("City")).toHaveValue("Holtsville");
  await expect(page.getByLabel("State")).toHaveValue("NY");
  await expect(status(page)).toHaveText("ZIP code 00501: Holtsville, NY.");

  await page.getByLabel("ZIP code").press("Enter");
  await page.waitForTimeout(300);
  expect(page.url()).toBe(`${server.hostOrigin}/lookup.html`);
  await expect(status(page)).toHaveText("ZIP code 00501: Holtsville, NY.");
  // Fewer digits: the field's own pattern keeps the form from submitting.
  await typeZip(page, "123");
  await page.getByLabel("ZIP code").press("Enter");
  await page.waitForTimeout(300);
  expect(await page.getByLabel("ZIP code").evaluate((input) => (input as HTMLInputElement).validity.patternMismatch)).toBe(true);
  expect(page.url()).toBe(`${server.hostOrigin}/lookup.html`);
});

test("the state found is remembered where the banners keep the reader's location, so a banner for that state shows on a later page", async ({ page }) => {
  await openLookup(page, lookupForm("zip-codes"));
  await lookupReady(page);
  await typeZip(page, "43215");
  await expect(page.getByLabel("State")).toHaveValue("OH");
  await expect.poll(() => page.evaluate(() => localStorage.getItem("ballast-banners:location"))).toBe(JSON.stringify({ state: "OH", zip: "43215" }));
  // The lookup did not load the banners file on a page without a slot.
  expect(server.requests.some((request) => request.path === `/widgets/${widget.banners.fileName}`)).toBe(false);

  server.bannersHead = JSON.stringify({
    schema: 1,
    version: 1,
    publishedAt: new Date().toISOString(),
    banners: [
      { id: "00000000-0000-4000-8000-000000000001", version: 1, severity: "info", messageHtml: "Ohio: polls close at 7:30", cta: null, placements: ["homepage"], target: { states: ["OH"] }, startsAt: null, endsAt: null, priority: 0, dismissible: false },
      { id: "00000000-0000-4000-8000-000000000002", version: 1, severity: "info", messageHtml: "California only", cta: null, placements: ["homepage"], target: { states: ["CA"] }, startsAt: null, endsAt: null, priority: 0, dismissible: false },
    ],
  });
  server.bannersPage = `<h1>Later visit</h1>${entryScript('data-ballast-banners="homepage" data-poll-seconds="1"')}`;
  await page.goto(`${server.hostOrigin}/banners.html`);
  await expect(page.locator(".ballast-banner", { hasText: "Ohio: polls close at 7:30" })).toBeVisible();
  await expect(page.locator(".ballast-banner", { hasText: "California only" })).toHaveCount(0);
});

test("on a page with a banner slot too, the state goes to Ballast.banners at once", async ({ page }) => {
  server.bannersHead = JSON.stringify({
    schema: 1,
    version: 1,
    publishedAt: new Date().toISOString(),
    banners: [{ id: "00000000-0000-4000-8000-000000000003", version: 1, severity: "info", messageHtml: "California voters", cta: null, placements: ["homepage"], target: { states: ["CA"] }, startsAt: null, endsAt: null, priority: 0, dismissible: false }],
  });
  await openLookup(page, `<div data-ballast-banners="homepage" data-poll-seconds="1"></div>${lookupForm("zip-codes")}`);
  await lookupReady(page);
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { Ballast: { banners?: object } }).Ballast.banners)).toBe("object");
  await expect(page.locator(".ballast-banner")).toHaveCount(0);
  await typeZip(page, "90210");
  await expect(page.locator(".ballast-banner", { hasText: "California voters" })).toBeVisible();
});

test("a form with data-ballast-remember=\"off\" remembers nothing", async ({ page }) => {
  await openLookup(page, lookupForm("zip-codes", { formAttributes: 'data-ballast-remember="off"' }));
  await lookupReady(page);
  await typeZip(page, "43215");
  await expect(page.getByLabel("City")).toHaveValue("Columbus");
  expect(await page.evaluate(() => localStorage.getItem("ballast-banners:location"))).toBeNull();
});

test("a failed request says so, is not remembered, and the next try asks again", async ({ page }) => {
  await openLookup(page, lookupForm("zip-codes"));
  await lookupReady(page);
  server.failDatasets = true;
  await typeZip(page, "43215");
  await expect(status(page)).toHaveText("ZIP code 43215 could not be looked up. Please enter the city and state.");
  await expect(page.getByLabel("City")).toHaveValue("");
  server.failDatasets = false;
  await typeZip(page, "43215");
  await expect(page.getByLabel("City")).toHaveValue("Columbus");
});

test("Ballast.lookup answers values or null, normalises the key, shares concurrent requests and refuses keys with / or ..", async ({ page }) => {
  await openLookup(page, `<h1>No form</h1>${entryScript()}`);
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { Ballast?: { lookup?: unknown } }).Ballast?.lookup)).toBe("function");
  // No form on the page: the lookup file waits for the first call.
  await page.waitForTimeout(300);
  expect(server.requests.some((request) => request.path === `/widgets/${widget.lookup.fileName}`)).toBe(false);

  const answers = await page.evaluate(async () => {
    const { lookup } = (window as unknown as { Ballast: { lookup(name: string, key: unknown): Promise<unknown> } }).Ballast;
    const refused = (promise: Promise<unknown>) => promise.then(() => "resolved", (error: Error) => `rejected: ${error.message}`);
    const concurrent = await Promise.all([lookup("zip-codes", "43215"), lookup("zip-codes", "43215"), lookup("zip-codes", " 43215 ")]);
    return {
      concurrent,
      padded: await lookup("zip-codes", " 501"),
      number: await lookup("zip-shards", 501),
      unknown: await lookup("zip-codes", "99999"),
      empty: await lookup("zip-codes", "  "),
      slash: await refused(lookup("zip-codes", "../manifest")),
      slash2: await refused(lookup("zip-codes", "43/215")),
      badName: await refused(lookup("../zip-codes", "43215")),
      missing: await refused(lookup("no-such-dataset", "43215")),
    };
  });
  expect(answers).toEqual({
    concurrent: [ROWS["43215"], ROWS["43215"], ROWS["43215"]],
    padded: ROWS["00501"],
    number: ROWS["00501"],
    unknown: null,
    empty: null,
    slash: "rejected: bad lookup key",
    slash2: "rejected: bad lookup key",
    badName: "rejected: no dataset ../zip-codes",
    missing: "rejected: no dataset no-such-dataset",
  });
  expect(datasetRequests()).toEqual([
    "/datasets/zip-codes/manifest.json",
    "/datasets/zip-codes/43215.json",
    "/datasets/zip-codes/00501.json",
    "/datasets/zip-shards/manifest.json",
    "/datasets/zip-shards/shards/005.json",
    "/datasets/zip-codes/99999.json",
    "/datasets/no-such-dataset/manifest.json",
  ]);
  expect(server.requests.filter((request) => request.path === `/widgets/${widget.lookup.fileName}`)).toHaveLength(1);
});

test("data-datasets-url on the script or the form points lookups at another folder", async ({ page }) => {
  publishDataset("zip-codes", "key", "/datasets/mirror/");
  publishDataset("zip-codes", "shard", "/datasets/form-mirror/");
  await openLookup(page, lookupForm("zip-codes", { scriptAttributes: `data-datasets-url="${server.dataOrigin}/datasets/mirror"`, formAttributes: 'data-datasets-url="/datasets/form-mirror/"' }));
  await lookupReady(page);
  expect(await page.evaluate(() => (window as unknown as { Ballast: { lookup(name: string, key: string): Promise<unknown> } }).Ballast.lookup("zip-codes", "90210"))).toEqual(ROWS["90210"]);
  await typeZip(page, "43215");
  await expect(page.getByLabel("City")).toHaveValue("Columbus");
  expect(datasetRequests()).toEqual([
    "/datasets/mirror/zip-codes/manifest.json",
    "/datasets/mirror/zip-codes/90210.json",
    "/datasets/form-mirror/zip-codes/manifest.json",
    "/datasets/form-mirror/zip-codes/shards/432.json",
  ]);
});

test("the lookup file loads once on a page with a lookup form, adds nothing but Ballast.lookup; no cookies", async ({ page, context }) => {
  await page.goto(`${server.hostOrigin}/blank.html`);
  const globalsBefore = await page.evaluate(() => Object.keys(window));
  await page.evaluate(
    ({ markup, src }) => {
      document.body.insertAdjacentHTML("beforeend", markup);
      for (let copy = 0; copy < 2; copy++) {
        const script = document.createElement("script");
        script.src = src;
        document.body.append(script);
      }
    },
    { markup: lookupForm("zip-codes").replace(/<script.*<\/script>$/, ""), src: `${server.dataOrigin}/widgets/ballast.js` },
  );
  await lookupReady(page);
  await typeZip(page, "43215");
  await expect(page.getByLabel("City")).toHaveValue("Columbus");
  expect(server.requests.filter((request) => request.path === `/widgets/${widget.lookup.fileName}`)).toHaveLength(1);
  expect(server.requests.some((request) => request.path === `/widgets/${widget.banners.fileName}`)).toBe(false);
  const globalsAfter = await page.evaluate(() => Object.keys(window));
  expect(globalsAfter.filter((key) => !globalsBefore.includes(key))).toEqual(["Ballast"]);
  expect(await page.evaluate(() => Object.keys((window as unknown as { Ballast: object }).Ballast).sort())).toEqual(["liveblog", "lookup"]);
  expect(await context.cookies()).toEqual([]);
});
