import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { isSafeText } from "../lib/content/safe-text";
import { XSS_VECTORS } from "../test/fixtures/xss-corpus";
import { ADMIN, E2E_BASE, createLiveBlog, signIn, unique } from "./helpers";

const BASE = E2E_BASE;
// Published pages are served to readers from a CDN origin; here a routed origin without the /cdn route's CSP, so a
// script could run if the sanitiser let one through.
const READER_ORIGIN = "http://reader.example";
// A 1×1 PNG: uploaded as the image module's media.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/** Adds a module at the end; the locator names its position (the tests below restore any order they change). */
async function addModule(page: Page, type: string): Promise<Locator> {
  const index = await page.getByTestId("page-module").count();
  await page.getByLabel("Module type").selectOption(type);
  await page.getByRole("button", { name: "Add module" }).click();
  const added = page.getByTestId("page-module").nth(index);
  await expect(added).toHaveAttribute("data-module-type", type);
  return added;
}

async function createPage(page: Page, options: { title: string; slug: string }) {
  await page.goto("/admin/pages/new");
  await page.getByLabel("Title").fill(options.title);
  await page.getByLabel(/^Slug/).fill(options.slug);
  await page.getByRole("button", { name: "Create page" }).click();
  await expect(page.getByRole("heading", { name: options.title })).toBeVisible();
  await expect(page.getByTestId("page-status")).toHaveText("Draft");
}

async function readHead(page: Page, slug: string) {
  const response = await page.request.get(`/cdn/pages/${slug}/latest.json`);
  return response.status() === 200 ? ((await response.json()) as { version: number; modules: { type: string; title?: string }[] }) : null;
}

test("an editor builds a page of five modules, goes live, the static page works without JavaScript, and an edit republishes it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  const blogSlug = unique("results-night");
  await createLiveBlog(page, { title: "Results night", slug: blogSlug });
  const slug = unique("today");
  await createPage(page, { title: "Election day", slug });

  const headline = await addModule(page, "headline");
  await headline.getByLabel("Headline").fill("Polls close at 7:30");
  await headline.getByLabel("Text").fill("Find your polling place before then.");
  await headline.getByLabel("Link").fill("https://vote.example/find");

  const image = await addModule(page, "image");
  await image.getByLabel("Upload an image").setInputFiles({ name: "line.png", mimeType: "image/png", buffer: PNG });
  await expect(image.getByText("Uploaded.")).toBeVisible();
  await expect(image.getByLabel("Image address")).toHaveValue(/\/cdn\/media\/[0-9a-f]{64}\.png$/);
  await image.getByLabel("Alt text").fill("Voters lined up outside a school");
  await image.getByLabel("Caption").fill("Columbus, this morning");

  const banners = await addModule(page, "banners");
  await expect(banners.getByLabel("Placement")).toHaveValue("homepage");

  const liveBlog = await addModule(page, "liveblog");
  await liveBlog.getByLabel("Live blog").selectOption(blogSlug);

  const richText = await addModule(page, "richtext");
  await richText.getByRole("textbox", { name: "Rich text" }).fill("Results are expected after 9 pm.");

  // Keyboard-friendly reordering: the rich text moves up one place and back, by buttons.
  await page.getByRole("button", { name: "Move module 5 up" }).click();
  await expect(page.getByTestId("page-module").nth(3)).toHaveAttribute("data-module-type", "richtext");
  await page.getByRole("button", { name: "Move module 4 down" }).click();
  await expect(page.getByTestId("page-module").nth(4)).toHaveAttribute("data-module-type", "richtext");

  await page.getByRole("button", { name: "Save page" }).click();
  await expect(page.getByTestId("command-applied")).toContainText("Your save: applied.");
  await page.getByRole("button", { name: "Go live" }).click();
  await expect(page.getByTestId("page-status")).toHaveText("Live");
  await expect(page.getByTestId("page-publish-status")).toContainText(/Published v\d+/);
  await expect(page.getByTestId("page-public-url")).toHaveText(`${BASE}/cdn/pages/${slug}/index.html`);

  await expect.poll(async () => (await readHead(page, slug))?.modules.map((module) => module.type)).toEqual(["headline", "image", "banners", "liveblog", "richtext"]);

  const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await reader.goto(`/cdn/pages/${slug}/`);
  await expect(reader.getByRole("heading", { level: 1, name: "Election day" })).toBeVisible();
  await expect(reader.getByRole("heading", { name: "Polls close at 7:30" })).toBeVisible();
  await expect(reader.getByRole("link", { name: "Polls close at 7:30" })).toHaveAttribute("href", "https://vote.example/find");
  const picture = reader.getByRole("img", { name: "Voters lined up outside a school" });
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await expect(reader.getByText("Columbus, this morning")).toBeVisible();
  await expect(reader.getByText("Results are expected after 9 pm.")).toBeVisible();
  await expect(reader.getByRole("link", { name: "Follow the live blog: Results night" })).toHaveAttribute("href", `${BASE}/cdn/liveblogs/${blogSlug}/index.html`);
  await expect(reader.locator('meta[property="og:title"]')).toHaveAttribute("content", "Election day");

  // An edit, saved while live, is republished and reaches the static page.
  await headline.getByLabel("Headline").fill("Polls are now closed in Ohio");
  await page.getByRole("button", { name: "Save page" }).click();
  await expect.poll(async () => (await readHead(page, slug))?.modules[0]?.title, { timeout: 15_000 }).toBe("Polls are now closed in Ohio");
  await reader.reload();
  await expect(reader.getByRole("heading", { name: "Polls are now closed in Ohio" })).toBeVisible();
  await expect(reader.getByRole("heading", { name: "Polls close at 7:30" })).toHaveCount(0);

  // Back to draft takes both objects down.
  await page.getByRole("button", { name: "Back to draft" }).click();
  await expect.poll(async () => (await page.request.get(`/cdn/pages/${slug}/latest.json`)).status(), { timeout: 15_000 }).toBe(404);
  expect((await page.request.get(`/cdn/pages/${slug}/index.html`)).status()).toBe(404);
});

test("a module error from the server is shown next to that module's field", async ({ page }) => {
  await signIn(page, ADMIN);
  const slug = unique("errors");
  await createPage(page, { title: "Errors", slug });
  await addModule(page, "headline");
  const second = await addModule(page, "headline");
  await page.getByTestId("page-module").first().getByLabel("Headline").fill("Fine");
  await second.getByLabel("Link").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Save page" }).click();
  await expect(second.locator(".field-error").first()).toHaveText("Headline is required.");
  await expect(second.locator(".field-error").nth(1)).toContainText("Link must be a full http:// or https:// address");
  await expect(page.getByTestId("page-form-error")).toContainText("Module 2 (headline), title");
  await expect(page.getByTestId("page-module").first().locator(".field-error")).toHaveCount(0);
});

/** Counts script execution across navigations: the corpus calls alert() or __xss(); any dialog counts too. */
async function watchForScripts(page: Page): Promise<() => Promise<number>> {
  let count = 0;
  page.on("dialog", (dialog) => {
    count++;
    void dialog.dismiss();
  });
  await page.exposeFunction("__xssReport", () => void count++);
  await page.addInitScript(() => {
    const canary = window as unknown as { __xss: () => void; __xssReport: () => void };
    canary.__xss = () => canary.__xssReport();
  });
  return async () => count;
}

/** The control: a payload inserted on purpose must be counted, or a 0 above would prove nothing. */
async function expectDetectorCounts(page: Page, scripts: () => Promise<number>) {
  const before = await scripts();
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="__xss()">'));
  await expect.poll(scripts).toBe(before + 1);
}

async function newPage(browser: Browser, bypassCSP = false) {
  return (await browser.newContext({ bypassCSP })).newPage();
}

async function proxyPublishedFiles(page: Page) {
  await page.route(`${READER_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const upstream = await route.fetch({ url: `${BASE}/cdn${url.pathname}` });
    const headers = { ...upstream.headers() };
    delete headers["content-security-policy"];
    return route.fulfill({ response: upstream, headers });
  });
}

test("the XSS corpus in page modules runs no script in the admin or the static page", async ({ browser }) => {
  test.setTimeout(300_000);
  const admin = await newPage(browser);
  await signIn(admin, ADMIN);
  const upload = await admin.request.post("/api/media", { multipart: { file: { name: "a.png", mimeType: "image/png", buffer: PNG } } });
  expect(upload.status()).toBe(201);
  const mediaUrl = ((await upload.json()) as { url: string }).url;
  const text = (value: string, max: number) => {
    const cut = value.slice(0, max);
    return isSafeText(cut) && cut.trim() ? cut : "unsafe text left out";
  };

  // Three modules per vector (headline text, image alt and caption, rich text), 16 vectors per page.
  const slugs: string[] = [];
  for (let start = 0; start < XSS_VECTORS.length; start += 16) {
    const modules = XSS_VECTORS.slice(start, start + 16).flatMap((vector, offset) => {
      const n = start + offset;
      return [
        { id: `h${n}`, type: "headline", title: text(`${n}: ${vector}`, 200), text: text(vector, 1000), link: "https://example.com/" },
        { id: `i${n}`, type: "image", src: mediaUrl, alt: text(`${n}: ${vector}`, 300), caption: text(vector, 500) },
        { id: `r${n}`, type: "richtext", html: text(`<p>Vector ${n}</p>${vector}`, 50_000) },
      ];
    });
    const slug = unique("xss-page");
    const created = await admin.request.post("/api/commands", { data: { type: "page.create", payload: { title: text(XSS_VECTORS[start]!, 200), slug, description: text(XSS_VECTORS[start]!, 1000), modules } } });
    expect(created.status(), await created.text()).toBe(202);
    const { ids } = (await created.json()) as { ids: { pageId: string } };
    const live = await admin.request.post("/api/commands", { data: { type: "page.set-status", payload: { pageId: ids.pageId, status: "live" } } });
    expect(live.status()).toBe(202);
    slugs.push(slug);
  }
  for (const slug of slugs) await expect.poll(async () => (await admin.request.get(`/cdn/pages/${slug}/latest.json`)).status(), { timeout: 60_000 }).toBe(200);

  // Without the admin's CSP, which would block the payloads on its own: this tests the sanitiser and the escaping.
  const adminView = await newPage(browser, true);
  const adminScripts = await watchForScripts(adminView);
  await signIn(adminView, ADMIN);
  const staticView = await newPage(browser);
  const staticScripts = await watchForScripts(staticView);
  await proxyPublishedFiles(staticView);
  for (const slug of slugs) {
    await adminView.goto(`/admin/pages/${slug}`);
    await expect(adminView.getByTestId("page-module").first()).toBeVisible();
    await staticView.goto(`${READER_ORIGIN}/pages/${slug}/index.html`);
    await expect(staticView.locator(".ballast-module").first()).toBeVisible();
    // Payloads such as onerror and delayed timers fire after rendering: give them a moment on each page.
    await staticView.waitForTimeout(500);
  }
  await adminView.waitForTimeout(1500);
  expect(await adminScripts()).toBe(0);
  expect(await staticScripts()).toBe(0);
  await expectDetectorCounts(adminView, adminScripts);
  await expectDetectorCounts(staticView, staticScripts);
});
