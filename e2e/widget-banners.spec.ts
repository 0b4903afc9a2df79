// The widget's banners and emergency notice on host pages, against fixture JSON (banners/latest.json, banners/notice.json)
// served by e2e/widget-fixture-server.ts: targeting, schedule windows by the reader's clock, dismissals, no layout
// shift for returning readers, roles, keyboard, and the XSS corpus.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { XSS_VECTORS } from "../test/fixtures/xss-corpus";
import { buildWidget, type TBuiltWidget } from "../widgets/build-widget";
import { BANNERS_PATH, startWidgetFixtureServer, type TFixtureServer } from "./widget-fixture-server";

const PORT = 3151;
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

test.beforeEach(() => {
  server.reset();
  setVersion = 0;
});

type TBannerJson = {
  id: string;
  version: number;
  severity: "info" | "warning" | "urgent";
  messageHtml: string;
  cta: { label: string; url: string } | null;
  placements: string[];
  target: { states: string[] } | { zipPrefixes: string[] } | null;
  startsAt: string | null;
  endsAt: string | null;
  priority: number;
  dismissible: boolean;
};

const bannerId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function banner(n: number, fields: Partial<TBannerJson> = {}): TBannerJson {
  return { id: bannerId(n), version: 1, severity: "info", messageHtml: `Banner ${n}`, cta: null, placements: ["homepage"], target: null, startsAt: null, endsAt: null, priority: 0, dismissible: false, ...fields };
}

let setVersion = 0;
/** Publishes banners/latest.json as the renderer would (already in priority order). */
function publishBanners(banners: TBannerJson[]): void {
  server.bannersHead = JSON.stringify({ schema: 1, version: ++setVersion, publishedAt: new Date().toISOString(), banners });
}

function publishNotice(message: string | null): void {
  server.noticeDocument = JSON.stringify({ schema: 1, version: Date.now(), publishedAt: new Date().toISOString(), notice: message === null ? null : { id: bannerId(900), message, issuedAt: new Date().toISOString() } });
}

/** The entry script asking for banners itself; polls every second so publishes show quickly. */
function slotScript(attributes = ""): string {
  return `<script src="${server.dataOrigin}/widgets/ballast.js" data-ballast-banners="homepage" data-poll-seconds="1" ${attributes} async></script>`;
}

async function openBanners(page: Page, markup: string): Promise<void> {
  server.bannersPage = markup;
  await page.goto(`${server.hostOrigin}/banners.html`);
}

const extraContexts: BrowserContext[] = [];

/** A reader with storage of its own; closed after the test so its polls do not reach the next test's request log. */
async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  extraContexts.push(context);
  return context.newPage();
}

test.afterEach(async () => {
  await Promise.all(extraContexts.splice(0).map((context) => context.close()));
});

/** Counts this page's answered banner-set fetches: once two more came back, the earlier one has been drawn. */
function countBannerResponses(page: Page): () => number {
  let count = 0;
  page.on("response", (response) => {
    if (new URL(response.url()).pathname === BANNERS_PATH) count++;
  });
  return () => count;
}

async function waitForTwoMorePolls(responses: () => number): Promise<void> {
  const seen = responses();
  await expect.poll(responses, { timeout: 15_000 }).toBeGreaterThanOrEqual(seen + 2);
}

const shown = (page: Page, n: number) => page.locator(`.ballast-banner[data-banner-id="${bannerId(n)}"]`);

test("an urgent banner for Ohio appears within 10 s of publishing with data-state=OH, and never with data-state=CA", async ({ browser }) => {
  publishBanners([banner(2, { placements: ["sitewide"] })]);
  const ohio = await newPage(browser);
  const california = await newPage(browser);
  const californiaResponses = countBannerResponses(california);
  await openBanners(ohio, `<h1>News</h1>${slotScript('data-state="OH"')}`);
  await openBanners(california, `<h1>News</h1>${slotScript('data-state="CA"')}`);
  await expect(shown(ohio, 2)).toBeVisible();
  await expect(shown(california, 2)).toBeVisible();

  publishBanners([banner(1, { severity: "urgent", messageHtml: "<strong>Polls</strong> in Ohio close at 7:30", target: { states: ["OH"] }, priority: 10 }), banner(2, { placements: ["sitewide"] })]);
  const publishedAtMs = Date.now();
  await expect(shown(ohio, 1)).toBeVisible({ timeout: 10_000 });
  expect(Date.now() - publishedAtMs).toBeLessThan(10_000);
  await expect(shown(ohio, 1)).toHaveClass(/ballast-banner--urgent/);
  await expect(shown(ohio, 1)).toHaveAttribute("role", "alert");
  await expect(shown(ohio, 1).locator("strong")).toHaveText("Polls");
  await expect(ohio.locator(".ballast-banners > .ballast-banner")).toHaveCount(2);
  await expect(ohio.locator(".ballast-banner").first()).toHaveAttribute("data-banner-id", bannerId(1));

  await waitForTwoMorePolls(californiaResponses);
  await expect(shown(california, 1)).toHaveCount(0);
  await expect(shown(california, 2)).toBeVisible();
});

test("a ZIP-prefix banner matches data-zip, or a ZIP given to Ballast.banners.setLocation and remembered across reloads", async ({ browser }) => {
  publishBanners([banner(1, { severity: "warning", target: { zipPrefixes: ["432", "43085"] } }), banner(2, { placements: ["sitewide"] })]);
  const columbus = await newPage(browser);
  await openBanners(columbus, slotScript('data-zip="43215"'));
  await expect(shown(columbus, 1)).toBeVisible();

  const cleveland = await newPage(browser);
  const clevelandResponses = countBannerResponses(cleveland);
  await openBanners(cleveland, slotScript('data-zip="44101"'));
  await expect(shown(cleveland, 2)).toBeVisible();
  await waitForTwoMorePolls(clevelandResponses);
  await expect(shown(cleveland, 1)).toHaveCount(0);

  const lookedUp = await newPage(browser);
  await openBanners(lookedUp, slotScript());
  await expect(shown(lookedUp, 2)).toBeVisible();
  await expect(shown(lookedUp, 1)).toHaveCount(0);
  await lookedUp.evaluate(() => (window as unknown as { Ballast: { banners: { setLocation(location: object): void } } }).Ballast.banners.setLocation({ zip: "43085" }));
  await expect(shown(lookedUp, 1)).toBeVisible();
  await lookedUp.reload();
  await expect(shown(lookedUp, 1)).toBeVisible();
  await lookedUp.evaluate(() => (window as unknown as { Ballast: { banners: { setLocation(location: object): void } } }).Ballast.banners.setLocation({ zip: null }));
  await expect(shown(lookedUp, 1)).toHaveCount(0);
});

test("a scheduled banner appears at its start and disappears at its end by the reader's clock, with the same JSON served throughout", async ({ page }) => {
  const startMs = Date.parse("2026-11-03T18:00:00.000Z");
  const endMs = startMs + 30 * 60_000;
  await page.clock.install({ time: startMs - 20 * 60_000 });
  publishBanners([banner(1, { severity: "warning", messageHtml: "Polls are open", startsAt: new Date(startMs).toISOString(), endsAt: new Date(endMs).toISOString(), priority: 5 }), banner(2)]);
  const publishedJson = server.bannersHead;
  const responses = countBannerResponses(page);

  // An hourly poll: no fetch happens between the first one and the end of the test, so only the clock can switch it.
  await openBanners(page, slotScript().replace('data-poll-seconds="1"', 'data-poll-seconds="3600"'));
  await expect(shown(page, 2)).toBeVisible();
  await expect.poll(responses).toBe(1);
  await expect(shown(page, 1)).toHaveCount(0);

  await page.clock.pauseAt(startMs - 1_000);
  await expect(shown(page, 1)).toHaveCount(0);
  await page.clock.runFor(1_500);
  await expect(shown(page, 1)).toBeVisible();
  await expect(page.locator(".ballast-banner").first()).toHaveAttribute("data-banner-id", bannerId(1));

  await page.clock.pauseAt(endMs - 1_000);
  await expect(shown(page, 1)).toBeVisible();
  await page.clock.runFor(1_500);
  await expect(shown(page, 1)).toHaveCount(0);
  await expect(shown(page, 2)).toBeVisible();
  // Nothing was published or even fetched in between: the switch on and off came from the window in the one document.
  expect(server.bannersHead).toBe(publishedJson);
  expect(server.requests.filter((request) => request.path === BANNERS_PATH)).toHaveLength(1);
});

test("a dismissed banner stays dismissed across reloads until it is edited (a new version)", async ({ page }) => {
  publishBanners([banner(1, { dismissible: true, messageHtml: "Early voting ends today" }), banner(2, { dismissible: false })]);
  const responses = countBannerResponses(page);
  await openBanners(page, slotScript());
  await expect(shown(page, 1)).toBeVisible();
  await expect(shown(page, 2).getByRole("button", { name: "Dismiss" })).toHaveCount(0);

  await shown(page, 1).getByRole("button", { name: "Dismiss" }).click();
  await expect(shown(page, 1)).toHaveCount(0);
  await expect(shown(page, 2)).toBeVisible();

  await page.reload();
  await expect(shown(page, 2)).toBeVisible();
  await waitForTwoMorePolls(responses);
  await expect(shown(page, 1)).toHaveCount(0);

  publishBanners([banner(1, { version: 2, dismissible: true, messageHtml: "Early voting is extended" }), banner(2, { dismissible: false })]);
  await expect(shown(page, 1)).toHaveText(/Early voting is extended/);
  await expect(shown(page, 1)).toHaveAttribute("data-banner-version", "2");
});

test("the emergency notice is drawn once, above the banners, with role=alert; only urgent banners are alerts; a sitewide banner is not repeated in a second slot", async ({ page }) => {
  publishBanners([
    banner(1, { severity: "urgent", priority: 3 }),
    banner(2, { severity: "warning", priority: 2 }),
    banner(3, { severity: "info", placements: ["sitewide"], priority: 1 }),
  ]);
  publishNotice("New updates are delayed; <b>we are working on it</b>");
  await openBanners(page, `${slotScript()}<aside><div id="sidebar" data-ballast-banners="sidebar" data-poll-seconds="1"></div></aside>`);

  const homepage = page.locator("script[data-ballast-banners]").locator("xpath=preceding-sibling::div[1]");
  await expect(homepage.locator("> *")).toHaveCount(4);
  const notice = homepage.locator("> *").first();
  await expect(notice).toHaveClass(/ballast-banner--notice/);
  await expect(notice).toHaveAttribute("role", "alert");
  // Plain text by contract: markup in the message is shown, not parsed.
  await expect(notice).toHaveText("New updates are delayed; <b>we are working on it</b>");
  await expect(notice.locator("b")).toHaveCount(0);
  expect(await homepage.locator("> *").evaluateAll((items) => items.map((item) => [item.getAttribute("data-banner-id") ?? "notice", item.getAttribute("role")]))).toEqual([
    ["notice", "alert"],
    [bannerId(1), "alert"],
    [bannerId(2), "status"],
    [bannerId(3), "status"],
  ]);

  const sidebar = page.locator("#sidebar");
  await expect(sidebar).toHaveClass(/ballast-banners/);
  // The notice and the sitewide banner are already on the page (and announced) in the first slot.
  await expect(page.locator(".ballast-banner--notice")).toHaveCount(1);
  await expect(page.locator(`[data-banner-id="${bannerId(3)}"]`)).toHaveCount(1);
  expect(await sidebar.locator("> *").count()).toBe(0);

  server.noticeDocument = null; // cleared (the object is gone)
  await expect(page.locator(".ballast-banner--notice")).toHaveCount(0);
  await expect(homepage.locator("> *")).toHaveCount(3);
});

test("the notice workers carry in the banner-set head shows without notice.json; the one issued last wins, and an empty one clears it", async ({ page }) => {
  const issuedAtMs = Date.now() - 60_000;
  const recorded = { id: bannerId(901), message: "Recorded notice", issuedAt: new Date(issuedAtMs).toISOString() };
  server.bannersHead = JSON.stringify({ schema: 1, version: 1, publishedAt: new Date().toISOString(), banners: [banner(1)], notice: recorded });
  await openBanners(page, slotScript());
  await expect(page.locator(".ballast-banner--notice")).toHaveText("Recorded notice");

  // The admin's direct write, issued later, wins; clearing it (an empty message, issued later still) removes it.
  server.noticeDocument = JSON.stringify({ schema: 1, version: issuedAtMs + 1_000, publishedAt: new Date().toISOString(), notice: { id: bannerId(902), message: "Direct notice", issuedAt: new Date(issuedAtMs + 1_000).toISOString() } });
  await expect(page.locator(".ballast-banner--notice")).toHaveText("Direct notice");
  server.noticeDocument = JSON.stringify({ schema: 1, version: issuedAtMs + 2_000, publishedAt: new Date().toISOString(), notice: { id: bannerId(903), message: "", issuedAt: new Date(issuedAtMs + 2_000).toISOString() } });
  await expect(page.locator(".ballast-banner--notice")).toHaveCount(0);
  await expect(shown(page, 1)).toBeVisible();
});

test("a returning reader's banners are drawn from memory before the network answers, so nothing shifts when it does", async ({ page }) => {
  publishBanners([banner(1, { severity: "urgent", messageHtml: "Polls close at 7:30" }), banner(2, { severity: "warning", cta: { label: "Find your polling place", url: "https://vote.example/" } })]);
  publishNotice("New updates are delayed");
  const markup = `<h1>News</h1>${slotScript()}<p id="below">Story text</p>`;

  let release = () => undefined as void;
  let released = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  await page.route("**/banners/*.json", async (route) => {
    held++;
    await released;
    await route.continue().catch(() => undefined);
  });

  // First visit: nothing remembered, so nothing is reserved while the network is slow.
  await openBanners(page, markup);
  await expect(page.locator(".ballast-banners")).toHaveCount(1);
  await expect.poll(() => held).toBeGreaterThan(0);
  expect((await page.locator(".ballast-banners").boundingBox())?.height).toBe(0);
  release();
  await expect(page.locator(".ballast-banner")).toHaveCount(3);

  // Second visit, the network held again: the remembered notice and banners are there at once.
  released = new Promise<void>((resolve) => (release = resolve));
  held = 0;
  await page.addInitScript(() => {
    const shifts: number[] = ((window as unknown as { __shiftTimes: number[] }).__shiftTimes = []);
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => shifts.push(entry.startTime))).observe({ type: "layout-shift", buffered: true });
  });
  await page.reload();
  await expect.poll(() => held).toBeGreaterThan(0);
  await expect(page.locator(".ballast-banner")).toHaveCount(3);
  const slotBefore = await page.locator(".ballast-banners").boundingBox();
  const belowBefore = await page.locator("#below").boundingBox();
  expect(slotBefore?.height).toBeGreaterThan(0);
  const markMs = await page.evaluate(() => performance.now());

  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === BANNERS_PATH);
  release();
  await answered;
  const responses = countBannerResponses(page);
  await waitForTwoMorePolls(responses);
  expect(await page.locator(".ballast-banners").boundingBox()).toEqual(slotBefore);
  expect(await page.locator("#below").boundingBox()).toEqual(belowBefore);
  const shiftsAfterMark = await page.evaluate((mark) => (window as unknown as { __shiftTimes: number[] }).__shiftTimes.filter((time) => time > mark), markMs);
  expect(shiftsAfterMark).toEqual([]);
});

test("malformed JSON and server errors keep the last good banners on screen", async ({ page }) => {
  publishBanners([banner(1)]);
  const responses = countBannerResponses(page);
  await openBanners(page, slotScript());
  await expect(shown(page, 1)).toBeVisible();

  server.bannersHead = '{"schema":1,"version":99,"banners":[{"id":';
  await waitForTwoMorePolls(responses);
  await expect(shown(page, 1)).toBeVisible();

  server.failBanners = true;
  await waitForTwoMorePolls(responses);
  await expect(shown(page, 1)).toBeVisible();

  // Backed off by now (up to a minute); Ballast.banners.refresh() polls at once.
  server.failBanners = false;
  publishBanners([banner(3)]);
  await page.evaluate(() => (window as unknown as { Ballast: { banners: { refresh(): void } } }).Ballast.banners.refresh());
  await expect(shown(page, 3)).toBeVisible({ timeout: 3_000 });
  await expect(shown(page, 1)).toHaveCount(0);
});

/** Counts script execution: the corpus calls alert() or __xss(); any dialog counts too (as in e2e/xss.spec.ts). */
async function watchForScripts(page: Page): Promise<() => Promise<number>> {
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const canary = window as unknown as { __xssCount: number; __xss: () => void };
    canary.__xssCount = 0;
    canary.__xss = () => void canary.__xssCount++;
  });
  return async () => dialogs + (await page.evaluate(() => (window as unknown as { __xssCount: number }).__xssCount));
}

const HOSTILE_URLS = ["javascript:alert(1)", "JaVaScRiPt:__xss()", "  javascript:__xss()", "java\tscript:__xss()", "data:text/html,<script>alert(1)</script>", "vbscript:alert(1)", "https://vote.example/safe"];

test("the XSS corpus as banner messages, call-to-action labels and links, and the notice runs no script", async ({ page }) => {
  const scripts = await watchForScripts(page);
  publishBanners(
    XSS_VECTORS.map((vector, index) => banner(index + 1, { messageHtml: `Vector ${index} ${vector}`, cta: { label: vector, url: HOSTILE_URLS[index % HOSTILE_URLS.length] as string }, dismissible: true })),
  );
  publishNotice(XSS_VECTORS.join(" "));
  await openBanners(page, slotScript(`data-limit="${XSS_VECTORS.length}"`));
  await expect(page.locator(".ballast-banner:not(.ballast-banner--notice)")).toHaveCount(XSS_VECTORS.length);
  // Payloads such as onerror and delayed timers fire after rendering: give them a moment to show themselves.
  await page.waitForTimeout(1500);
  expect(await scripts()).toBe(0);

  const found = await page.locator(".ballast-banners").evaluate((root) => {
    const elements = Array.from(root.querySelectorAll("*"));
    return {
      tags: [...new Set(elements.map((element) => element.tagName.toLowerCase()))].sort(),
      handlers: elements.flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith("on"))),
      hrefs: [...new Set(Array.from(root.querySelectorAll("a")).map((link) => link.getAttribute("href") ?? ""))],
      ctaHrefs: [...new Set(Array.from(root.querySelectorAll("a.ballast-banner-cta")).map((link) => link.getAttribute("href")))],
    };
  });
  expect(found.tags.every((tag) => ["div", "button", "a", "strong", "b", "em", "i"].includes(tag))).toBe(true);
  expect(found.handlers).toEqual([]);
  expect(found.hrefs.every((href) => /^(https?:\/\/|mailto:)/i.test(href))).toBe(true);
  expect(found.ctaHrefs).toEqual(["https://vote.example/safe"]);

  // The control: a payload inserted on purpose must be counted, or the 0 above would prove nothing.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="__xss()">'));
  await expect.poll(scripts).toBe(1);
});

test("keyboard: Tab reaches the call to action and Dismiss, Enter dismisses and focus stays in the slot", async ({ page }) => {
  publishBanners([banner(1, { severity: "warning", messageHtml: "<strong>Polls</strong> close at 7:30", cta: { label: "Find your polling place", url: "https://vote.example/" }, dismissible: true })]);
  await openBanners(page, `<a id="before" href="#before">Before</a>${slotScript()}<a id="after" href="#after">After</a>`);
  await expect(shown(page, 1)).toBeVisible();

  await page.locator("#before").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Find your polling place" })).toBeFocused();
  await expect(page.getByRole("link", { name: "Find your polling place" })).toHaveAttribute("href", "https://vote.example/");
  await page.keyboard.press("Tab");
  const dismiss = page.getByRole("button", { name: "Dismiss" });
  await expect(dismiss).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(shown(page, 1)).toHaveCount(0);
  await expect(page.locator(".ballast-banners")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.locator("#after")).toBeFocused();
});

test("the banners file loads only on pages with a slot, once, and adds nothing but Ballast.banners; no cookies", async ({ page, context }) => {
  publishBanners([banner(1, { placements: ["sitewide"] })]);
  const bannersFileRequests = () => server.requests.filter((request) => request.path === `/widgets/${widget.banners.fileName}`).length;

  await openBanners(page, `<h1>No slot</h1><script src="${server.dataOrigin}/widgets/ballast.js" async></script>`);
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { Ballast?: object }).Ballast)).toBe("object");
  await page.waitForTimeout(500);
  expect(bannersFileRequests()).toBe(0);

  await page.goto(`${server.hostOrigin}/blank.html`);
  const globalsBefore = await page.evaluate(() => Object.keys(window));
  await page.evaluate(
    ({ src }) => {
      const slot = document.createElement("div");
      slot.id = "late-slot";
      slot.setAttribute("data-ballast-banners", "sidebar");
      slot.setAttribute("data-poll-seconds", "1");
      document.body.append(slot);
      for (let copy = 0; copy < 2; copy++) {
        const script = document.createElement("script");
        script.src = src;
        script.setAttribute("data-ballast-banners", "homepage");
        script.setAttribute("data-poll-seconds", "1");
        document.body.append(script);
      }
    },
    { src: `${server.dataOrigin}/widgets/ballast.js` },
  );
  await expect(page.locator(".ballast-banners")).toHaveCount(3);
  // A sitewide banner is shown once per page, in the first slot, however many slots there are.
  await expect(page.locator(`.ballast-banner[data-banner-id="${bannerId(1)}"]`)).toHaveCount(1);
  expect(bannersFileRequests()).toBe(1);
  const globalsAfter = await page.evaluate(() => Object.keys(window));
  expect(globalsAfter.filter((key) => !globalsBefore.includes(key))).toEqual(["Ballast"]);
  expect(await page.evaluate(() => Object.keys((window as unknown as { Ballast: object }).Ballast).sort())).toEqual(["banners", "liveblog", "lookup"]);
  expect(await context.cookies()).toEqual([]);
});
