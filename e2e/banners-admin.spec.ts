import { expect, test, type Browser, type Page } from "@playwright/test";
import { XSS_VECTORS } from "../test/fixtures/xss-corpus";
import { ADMIN, createUserAsAdmin, signIn, unique } from "./helpers";

type TPublishedBanner = { id: string; severity: string; messageHtml: string; cta: { label: string; url: string } | null; placements: string[]; target: unknown; startsAt: string | null; endsAt: string | null; priority: number };

async function publishedBanners(page: Page): Promise<TPublishedBanner[]> {
  const response = await page.request.get("/cdn/banners/latest.json");
  if (response.status() !== 200) return [];
  return ((await response.json()) as { banners: TPublishedBanner[] }).banners;
}

/** The editor works from Los Angeles: the window is entered in New York time, so the browser's zone is not the one used. */
async function signInAsNewEditor(browser: Browser, admin: Page): Promise<Page> {
  const editor = { name: "Banner editor", email: `${unique("banner-editor")}@example.com`, role: "editor", password: "banner-editor-password-123" };
  await createUserAsAdmin(admin, editor);
  const page = await (await browser.newContext({ timezoneId: "America/Los_Angeles" })).newPage();
  await signIn(page, editor);
  return page;
}

test("an editor creates an Ohio banner with a window in New York time, sees it back in UTC, previews, duplicates and publishes it to the CDN", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  const page = await signInAsNewEditor(browser, admin);
  const marker = unique("ohio");

  await page.goto("/admin/banners");
  await page.getByRole("link", { name: "New banner" }).click();
  await expect(page.getByRole("heading", { name: "New banner" })).toBeVisible();
  // A new banner's zone defaults to the browser's.
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Los_Angeles");

  const message = page.getByTestId("banner-message");
  await message.click();
  await page.keyboard.type(`Polls in Ohio close at 7:30 ${marker}`);
  await page.getByLabel("Button label").fill("Find your polling place");
  await page.getByLabel("Button link").fill("https://vote.example.org/ohio");
  await page.getByLabel("Severity").selectOption("urgent");
  await page.getByLabel("Priority").fill("10");
  await page.getByLabel("Sitewide (every slot)").uncheck();
  await page.getByLabel("Homepage").check();
  await page.getByLabel("Readers in these states").check();
  await page.getByLabel("States", { exact: true }).fill("oh");
  // 5 November 2030 is after the end of daylight saving time: New York is UTC-5.
  await page.getByLabel("Starts").fill("2030-11-05T07:30");
  await page.getByLabel("Ends").fill("2030-11-05T19:30");
  await page.getByLabel("Time zone").selectOption("America/New_York");
  await page.getByRole("button", { name: "Save as draft" }).click();

  await expect(page.getByTestId("command-status").first()).toBeVisible();
  await page.waitForURL(/\/admin\/banners\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  const bannerId = page.url().split("/").pop()!;
  await expect(page.getByTestId("banner-phase")).toHaveText("Draft");
  await expect(page.getByTestId("banner-window-utc")).toContainText("2030-11-05T12:30:00.000Z → 2030-11-06T00:30:00.000Z");
  await expect(page.getByTestId("banner-window")).toContainText("7:30 AM EST");
  await expect(page.getByTestId("banner-targeting")).toHaveText("OH");
  // The edit form shows the window back as it was entered, in its zone.
  await expect(page.getByLabel("Starts")).toHaveValue("2030-11-05T07:30");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");

  // Preview: the widget's markup at phone and desktop widths, in every severity on request.
  const preview = page.getByTestId("banner-preview");
  await expect(preview.getByTestId("preview-phone").locator(".ballast-banner--urgent")).toContainText(marker);
  await preview.getByLabel("Show every severity").check();
  for (const width of ["phone", "desktop"]) {
    for (const severity of ["info", "warning", "urgent"]) await expect(preview.getByTestId(`preview-${width}`).locator(`.ballast-banner--${severity}`)).toBeVisible();
  }
  const phoneWidth = await preview.getByTestId("preview-phone").locator(".banner-preview-viewport").evaluate((element) => element.getBoundingClientRect().width);
  const desktopWidth = await preview.getByTestId("preview-desktop").locator(".banner-preview-viewport").evaluate((element) => element.getBoundingClientRect().width);
  expect(phoneWidth).toBe(375);
  expect(desktopWidth).toBe(1024);
  await expect(preview.locator(".ballast-banner-cta").first()).toHaveAttribute("href", "https://vote.example.org/ohio");

  // Duplicate: the copy opens as a new draft with the same content.
  const actions = page.getByRole("group", { name: "Banner actions" });
  await actions.getByRole("button", { name: "Duplicate" }).click();
  await page.waitForURL((url) => /\/admin\/banners\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(bannerId), { timeout: 20_000 });
  const copyId = page.url().split("/").pop()!;
  await expect(page.getByTestId("banner-phase")).toHaveText("Draft");
  await expect(page.getByTestId("banner-preview")).toContainText(marker);

  // Publish the original: it is scheduled (its window is in the future) and the CDN's banner set carries it.
  await page.goto(`/admin/banners/${bannerId}`);
  await page.getByRole("group", { name: "Banner actions" }).getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("banner-phase")).toHaveText("Scheduled", { timeout: 20_000 });
  await expect.poll(async () => (await publishedBanners(page)).some((banner) => banner.id === bannerId), { timeout: 20_000 }).toBe(true);
  const published = (await publishedBanners(page)).find((banner) => banner.id === bannerId)!;
  expect(published).toMatchObject({
    severity: "urgent",
    cta: { label: "Find your polling place", url: "https://vote.example.org/ohio" },
    placements: ["homepage"],
    target: { states: ["OH"] },
    startsAt: "2030-11-05T12:30:00.000Z",
    endsAt: "2030-11-06T00:30:00.000Z",
    priority: 10,
  });
  expect(published.messageHtml).toContain(marker);
  // Drafts are private: the copy is not published.
  expect((await publishedBanners(page)).some((banner) => banner.id === copyId)).toBe(false);

  // The list shows both, with their phases.
  await page.goto("/admin/banners");
  await expect(page.locator(`[data-banner-id="${bannerId}"]`).getByTestId("banner-phase")).toHaveText("Scheduled");
  await expect(page.locator(`[data-banner-id="${copyId}"]`).getByTestId("banner-phase")).toHaveText("Draft");
  await expect(page.locator(`[data-banner-id="${bannerId}"]`).getByTestId("banner-window")).toContainText("EST");
});

/** Counts script execution: the corpus calls alert() or __xss(); any dialog counts too. */
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

test("the XSS corpus in banner messages, button labels and links executes nothing in the admin", async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  const headers = { "content-type": "application/json", origin: baseURL! };
  const send = (payload: Record<string, unknown>) => admin.request.post("/api/commands", { data: JSON.stringify({ type: "banner.create", payload }), headers });

  const ids: string[] = [];
  for (const vector of XSS_VECTORS) {
    const attempts = [
      { messageHtml: vector, placements: ["xss-test"], status: "draft" },
      { messageHtml: "Label", ctaLabel: vector, ctaUrl: "https://example.org/", placements: ["xss-test"], status: "draft" },
      { messageHtml: "Link", ctaLabel: "Go", ctaUrl: vector, placements: ["xss-test"], status: "draft" },
    ];
    for (const payload of attempts) {
      const response = await send(payload);
      expect([202, 400]).toContain(response.status());
      if (response.status() === 202) ids.push(((await response.json()) as { ids: { bannerId: string } }).ids.bannerId);
    }
  }
  // Most vectors are refused at the door (nothing left after sanitising, or not an http(s) link); enough are stored to render.
  expect(ids.length).toBeGreaterThan(XSS_VECTORS.length / 2);
  const lastId = ids[ids.length - 1]!;
  await expect.poll(async () => (await admin.request.get(`/admin/banners/${lastId}`)).status(), { timeout: 60_000 }).toBe(200);

  // Without the admin's CSP, which would block the payloads on its own: this tests the sanitiser and React's escaping.
  const view = await (await browser.newContext({ bypassCSP: true })).newPage();
  const scripts = await watchForScripts(view);
  await signIn(view, ADMIN);
  await view.goto("/admin/banners");
  await expect(view.getByTestId("banner-row").first()).toBeVisible();
  for (const id of ids) {
    await view.goto(`/admin/banners/${id}`);
    await expect(view.getByTestId("banner-preview")).toBeVisible();
  }
  await view.goto("/admin/banners");
  await view.waitForTimeout(1500);
  expect(await scripts()).toBe(0);
  // The control: a payload inserted on purpose is counted, so the 0 above means something.
  await view.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="__xss()">'));
  await expect.poll(scripts).toBe(1);

  // Clean up: these drafts would crowd other specs' lists.
  for (const id of ids) await admin.request.post("/api/commands", { data: JSON.stringify({ type: "banner.delete", payload: { bannerId: id } }), headers });
});
