import http from "node:http";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, E2E_BASE, E2E_PORT, createLiveBlog, createUserAsAdmin, signIn, unique } from "./helpers";

const BASE = E2E_BASE;
// A reader's page on another site (a real server: Chromium only lets local pages reach localhost): just the embed
// snippet; the widget and the published JSON come from the CDN.
const READER_PORT = E2E_PORT + 52;
let readerSite: http.Server;

test.beforeAll(async () => {
  readerSite = http.createServer((request, response) => {
    const slug = new URL(request.url ?? "/", "http://x").searchParams.get("slug") ?? "";
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html><head><title>Reader</title></head><body><h1>Our coverage</h1>
      <script src="${BASE}/cdn/widgets/ballast.js" data-ballast-liveblog="${BASE}/cdn/liveblogs/${encodeURIComponent(slug)}/latest.json" data-poll-seconds="2" async></script>
      </body></html>`);
  });
  await new Promise<void>((resolve) => readerSite.listen(READER_PORT, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => readerSite.close(resolve));
});

async function newSignedInPage(browser: Browser, credentials: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, credentials);
  return page;
}

async function openReaderPage(browser: Browser, slug: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`http://127.0.0.1:${READER_PORT}/story?slug=${slug}`);
  return page;
}

async function post(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "New entry" });
  await box.click();
  await box.pressSequentially(text);
  await box.press("Control+Enter");
}

/** New updates wait behind a button (nothing is pushed down under the reader); click it when it shows. */
async function expectInWidget(reader: Page, text: string) {
  await expect(async () => {
    const button = reader.getByRole("button", { name: /new update/ });
    if (await button.isVisible()) await button.click();
    await expect(reader.locator(".ballast-entry", { hasText: text })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
}

test("two editors post at once; a reader's widget shows both, then an edit and a delete in place", async ({ browser }) => {
  const admin = await newSignedInPage(browser, ADMIN);
  const slug = unique("debate-night");
  await createLiveBlog(admin, { title: "Debate night", slug });
  const second = { name: "Sam Second", email: `${unique("second")}@example.com`, role: "editor", password: "second-editor-123" };
  await createUserAsAdmin(admin, second);
  const secondPage = await newSignedInPage(browser, second);
  await admin.goto(`/admin/liveblogs/${slug}`);
  await secondPage.goto(`/admin/liveblogs/${slug}`);

  const reader = await openReaderPage(browser, slug);
  await expect(reader.locator(".ballast-liveblog")).toBeAttached();

  const first = `Opening statements begin ${unique("a")}`;
  const other = `Moderator asks about the economy ${unique("b")}`;
  await Promise.all([post(admin, first), post(secondPage, other)]);

  // Each editor sees the other's post without reloading.
  await expect(admin.getByTestId("admin-entry").filter({ hasText: other })).toBeVisible();
  await expect(secondPage.getByTestId("admin-entry").filter({ hasText: first })).toBeVisible();

  await expectInWidget(reader, first);
  await expectInWidget(reader, other);

  // An edit is reflected in place and marked as updated.
  const corrected = `${first} (corrected)`;
  const entry = admin.getByTestId("admin-entry").filter({ hasText: first });
  await entry.getByRole("button", { name: "Edit" }).click();
  const editBox = admin.getByRole("textbox", { name: "Edit entry" });
  await editBox.click();
  await editBox.press("End");
  await editBox.pressSequentially(" (corrected)");
  await admin.getByRole("button", { name: "Save" }).click();
  await expect(reader.locator(".ballast-entry", { hasText: corrected })).toBeVisible({ timeout: 10_000 });
  await expect(reader.locator(".ballast-entry", { hasText: corrected })).toContainText("Updated");

  // A delete removes it in place.
  secondPage.once("dialog", (dialog) => void dialog.accept());
  await secondPage.getByTestId("admin-entry").filter({ hasText: other }).getByRole("button", { name: "Delete" }).click();
  await expect(reader.locator(".ballast-entry", { hasText: other })).toHaveCount(0, { timeout: 10_000 });
  await expect(reader.locator(".ballast-entry", { hasText: corrected })).toBeVisible();
});

test("a stale edit is refused with the current text shown, never overwriting the other editor's change", async ({ browser }) => {
  const admin = await newSignedInPage(browser, ADMIN);
  const slug = unique("stale-edit");
  await createLiveBlog(admin, { title: "Stale edit", slug });
  const text = `Turnout is high ${unique("t")}`;
  await post(admin, text);
  const mine = admin.getByTestId("admin-entry").filter({ hasText: text });
  await expect(mine).toBeVisible();

  const other = await (await browser.newContext()).newPage();
  await signIn(other, ADMIN);
  await other.goto(`/admin/liveblogs/${slug}`);

  // Both open the editor on the same version; the other editor saves first.
  await mine.getByRole("button", { name: "Edit" }).click();
  await other.getByTestId("admin-entry").filter({ hasText: text }).getByRole("button", { name: "Edit" }).click();
  const otherBox = other.getByRole("textbox", { name: "Edit entry" });
  await otherBox.click();
  await otherBox.press("End");
  await otherBox.pressSequentially(" in the north");
  await other.getByRole("button", { name: "Save" }).click();
  await expect(other.getByTestId("admin-entry").filter({ hasText: `${text} in the north` })).toBeVisible();

  const myBox = admin.getByRole("textbox", { name: "Edit entry" });
  await myBox.click();
  await myBox.press("End");
  await myBox.pressSequentially(" in the south");
  await admin.getByRole("button", { name: "Save" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: `${text} in the north` }).first()).toBeVisible();
  const head = await (await admin.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
  expect(JSON.stringify(head.entries)).not.toContain("in the south");
});

test("a contributor's draft reaches readers only after an editor approves it", async ({ browser }) => {
  const admin = await newSignedInPage(browser, ADMIN);
  const slug = unique("contrib");
  await createLiveBlog(admin, { title: "Contributed coverage", slug });
  const contributor = { name: "Cory Contributor", email: `${unique("contributor")}@example.com`, role: "contributor", password: "contributor-pass-123" };
  await createUserAsAdmin(admin, contributor);
  const contributorPage = await newSignedInPage(browser, contributor);
  await contributorPage.goto(`/admin/liveblogs/${slug}`);
  const reader = await openReaderPage(browser, slug);

  const text = `Field report from Columbus ${unique("c")}`;
  const box = contributorPage.getByRole("textbox", { name: "New entry" });
  await box.click();
  await box.pressSequentially(text);
  await contributorPage.getByRole("button", { name: "Submit for review" }).click();
  await expect(contributorPage.getByRole("region", { name: "Your drafts" })).toContainText(text);

  await admin.goto(`/admin/liveblogs/${slug}`);
  const queue = admin.getByRole("region", { name: "Review queue" });
  await expect(queue).toContainText(text);
  // Waiting for review: nowhere in what readers get.
  const before = await (await admin.request.get(`/cdn/liveblogs/${slug}/latest.json`)).text();
  expect(before).not.toContain(text);
  await expect(reader.locator(".ballast-entry", { hasText: text })).toHaveCount(0);

  await queue.getByRole("button", { name: "Approve" }).click();
  await expectInWidget(reader, text);
  await expect(reader.locator(".ballast-entry", { hasText: text })).toContainText(contributor.name);
});

test("the static page renders entries with JavaScript off and carries valid LiveBlogPosting JSON-LD", async ({ browser }) => {
  const admin = await newSignedInPage(browser, ADMIN);
  const slug = unique("static-page");
  await createLiveBlog(admin, { title: "Static page", slug, description: "Every update, no JavaScript needed" });
  const texts = [`First update ${unique("s")}`, `Second update ${unique("s")}`];
  for (const text of texts) {
    await post(admin, text);
    await expect(admin.getByTestId("admin-entry").filter({ hasText: text })).toBeVisible();
  }
  await expect(async () => {
    const html = await (await admin.request.get(`/cdn/liveblogs/${slug}/index.html`)).text();
    for (const text of texts) expect(html).toContain(text);
  }).toPass({ timeout: 10_000 });

  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  const response = await noScript.goto(`/cdn/liveblogs/${slug}/index.html`);
  expect(response?.headers()["content-type"]).toBe("text/html; charset=utf-8");
  await expect(noScript.getByRole("heading", { name: "Static page" })).toBeVisible();
  for (const text of texts) await expect(noScript.locator("article", { hasText: text })).toBeVisible();

  const jsonLd = JSON.parse((await noScript.locator('script[type="application/ld+json"]').textContent()) ?? "{}") as Record<string, unknown> & { liveBlogUpdate: Record<string, unknown>[] };
  expect(jsonLd["@context"]).toBe("https://schema.org");
  expect(jsonLd["@type"]).toBe("LiveBlogPosting");
  expect(jsonLd.headline).toBe("Static page");
  expect(jsonLd.coverageStartTime).toEqual(expect.any(String));
  expect(jsonLd.liveBlogUpdate).toHaveLength(2);
  for (const update of jsonLd.liveBlogUpdate) {
    expect(update["@type"]).toBe("BlogPosting");
    expect(update.datePublished).toEqual(expect.any(String));
    expect(String(update.url)).toMatch(new RegExp(`/liveblogs/${slug}/index\\.html#entry-`));
  }
  expect(jsonLd.liveBlogUpdate.map((update) => update.headline)).toEqual([texts[1], texts[0]]);
  await expect(noScript.locator('meta[property="og:title"]')).toHaveAttribute("content", "Static page");
});
