import { expect, test, type Browser, type Page } from "@playwright/test";
import { XSS_VECTORS } from "../test/fixtures/xss-corpus";
import { ADMIN, E2E_BASE, createLiveBlog, createUserAsAdmin, signIn, unique } from "./helpers";

const BASE = E2E_BASE;
// Published pages are served to readers from a CDN origin; here a routed origin without the /cdn route's CSP, so a
// script could run if the sanitiser let one through.
const READER_ORIGIN = "http://reader.example";

/** Counts script execution: the corpus calls alert() or __xss(); any dialog in any frame counts too. */
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

/** The control: a payload inserted on purpose must be counted, or a 0 above would prove nothing. */
async function expectDetectorCounts(page: Page, scripts: () => Promise<number>) {
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="__xss()">'));
  await expect.poll(scripts).toBe(1);
}

async function proxyPublishedFiles(page: Page) {
  await page.route(`${READER_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/story") {
      return route.fulfill({ contentType: "text/html", body: `<!doctype html><html><body><div data-ballast-liveblog="${READER_ORIGIN}/liveblogs/${url.searchParams.get("slug")}/latest.json"></div><script src="${READER_ORIGIN}/widgets/ballast.js"></script></body></html>` });
    }
    const upstream = await route.fetch({ url: `${BASE}/cdn${url.pathname}` });
    const headers = { ...upstream.headers() };
    delete headers["content-security-policy"];
    return route.fulfill({ response: upstream, headers });
  });
}

/** The widget shows the head's entries; older ones come from archive pages behind "Load older". */
async function loadEverything(page: Page) {
  const older = page.getByRole("button", { name: /older/i });
  for (let clicks = 0; clicks < 20 && (await older.isVisible().catch(() => false)); clicks++) {
    // The button hides after the last page, possibly between the check and the click.
    await older.click({ timeout: 5_000 }).catch(() => undefined);
  }
}

async function newPage(browser: Browser, javaScriptEnabled = true, bypassCSP = false) {
  return (await browser.newContext({ javaScriptEnabled, bypassCSP })).newPage();
}

test("the XSS corpus posted as entries runs no script in the admin, the static page or the widget", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await newPage(browser);
  await signIn(admin, ADMIN);
  const slug = unique("xss");
  await createLiveBlog(admin, { title: "XSS corpus", slug });

  let accepted = 0;
  for (const [index, vector] of XSS_VECTORS.entries()) {
    const response = await admin.request.post(`/api/liveblogs/${slug}/entries`, { data: { body: `<p>Vector ${index}</p>${vector}` } });
    expect([202, 400]).toContain(response.status());
    if (response.status() === 202) accepted++;
  }
  expect(accepted).toBeGreaterThan(XSS_VECTORS.length / 2);
  await expect(async () => {
    const head = await (await admin.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
    expect(head.totalEntries).toBe(accepted);
  }).toPass({ timeout: 60_000 });

  // Without the admin's CSP, which would block the payloads (and the control below) on its own: this tests the sanitiser.
  const adminView = await newPage(browser, true, true);
  const adminScripts = await watchForScripts(adminView);
  await signIn(adminView, ADMIN);
  await adminView.goto(`/admin/liveblogs/${slug}`);
  await expect(adminView.getByTestId("admin-entry").first()).toBeVisible();
  // Payloads such as onerror and delayed timers fire after rendering: give them a moment to show themselves.
  await adminView.waitForTimeout(1500);
  expect(await adminScripts()).toBe(0);
  await expectDetectorCounts(adminView, adminScripts);

  const staticPage = await newPage(browser);
  const staticScripts = await watchForScripts(staticPage);
  await proxyPublishedFiles(staticPage);
  await staticPage.goto(`${READER_ORIGIN}/liveblogs/${slug}/index.html`);
  await expect(staticPage.locator("article").first()).toBeVisible();
  await loadEverything(staticPage);
  await staticPage.waitForTimeout(1500);
  expect(await staticScripts()).toBe(0);
  await expectDetectorCounts(staticPage, staticScripts);

  const widgetPage = await newPage(browser);
  const widgetScripts = await watchForScripts(widgetPage);
  await proxyPublishedFiles(widgetPage);
  await widgetPage.goto(`${READER_ORIGIN}/story?slug=${slug}`);
  await expect(widgetPage.locator(".ballast-entry").first()).toBeVisible();
  await loadEverything(widgetPage);
  await expect(widgetPage.locator(".ballast-entry")).toHaveCount(accepted);
  await widgetPage.waitForTimeout(1500);
  expect(await widgetScripts()).toBe(0);
  await expectDetectorCounts(widgetPage, widgetScripts);
});

test("contributors cannot publish and viewers cannot post: the entries API refuses both", async ({ browser, playwright }) => {
  const admin = await newPage(browser);
  await signIn(admin, ADMIN);
  const slug = unique("roles");
  await createLiveBlog(admin, { title: "Roles", slug });
  for (const role of ["contributor", "viewer"]) {
    const user = { name: `${role} user`, email: `${unique(role)}@example.com`, role, password: `${role}-password-123` };
    await createUserAsAdmin(admin, user);
    const page = await newPage(browser);
    await signIn(page, user);
    const response = await page.request.post(`/api/liveblogs/${slug}/entries`, { data: { body: "<p>Should not publish</p>" } });
    expect(response.status()).toBe(403);
  }
  const anonymous = await playwright.request.newContext({ baseURL: BASE });
  expect((await anonymous.post(`/api/liveblogs/${slug}/entries`, { data: { body: "<p>x</p>" } })).status()).toBe(401);
  const head = await (await admin.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
  expect(head.totalEntries).toBe(0);
});
