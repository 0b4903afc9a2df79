// The embeddable live-blog widget on a host page: live updates, in-place edits and deletes, archive pages, polling manners.
import { expect, test, type Page } from "@playwright/test";
import { buildWidget } from "../widgets/build-widget";
import { entryId, FixtureBlog, HEAD_PATH, startWidgetFixtureServer, type TFixtureServer } from "./widget-fixture-server";

const PORT = 3150;
let server: TFixtureServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const widget = await buildWidget();
  server = await startWidgetFixtureServer({ port: PORT, widget });
});

test.afterAll(async () => {
  await server?.close();
});

/** 12 entries in pages of 5: pages 1 (1–5) and 2 (6–10) are sealed, the head holds 12, 11 and 10. */
function twelveEntryBlog(): FixtureBlog {
  const blog = new FixtureBlog();
  blog.add(12);
  blog.setKind(4, "key_event");
  blog.setKind(11, "key_event");
  blog.pinnedSeq = 3;
  blog.publish();
  return blog;
}

test.beforeEach(() => {
  server.reset(twelveEntryBlog());
});

const headRequests = () => server.requests.filter((request) => request.path === HEAD_PATH);
const stream = (page: Page) => page.locator(".ballast-entries > article");
const streamSeqs = (page: Page) => stream(page).evaluateAll((articles) => articles.map((article) => Number(article.getAttribute("data-entry-seq"))));

async function openHost(page: Page, hash = "") {
  await page.goto(`${server.hostOrigin}/host.html${hash}`);
  await expect(stream(page)).not.toHaveCount(0);
}

async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((value) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => value });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

test("renders the head right after its script tag: entries, labels, pinned entry and key events", async ({ page }) => {
  await openHost(page);
  await expect(page.locator("script[data-ballast-liveblog] + .ballast-liveblog")).toHaveCount(1);
  expect(await streamSeqs(page)).toEqual([12, 11, 10]);

  const keyEvent = page.locator(`#entry-${entryId(11)}`);
  await expect(keyEvent).toHaveClass(/ballast-entry--key_event/);
  await expect(keyEvent).toHaveAttribute("data-entry-id", entryId(11));
  await expect(keyEvent.locator(".ballast-label--key-event")).toHaveText("Key event");
  await expect(keyEvent.locator(".ballast-author")).toHaveText("Ada Lovelace");
  await expect(keyEvent.locator(".ballast-entry-body")).toHaveText("Entry 11");
  await expect(keyEvent.locator("a.ballast-permalink")).toHaveAttribute("href", `#entry-${entryId(11)}`);
  await expect(keyEvent.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await expect(page.locator(`#entry-${entryId(12)}`)).toHaveClass(/ballast-entry--post/);
  await expect(page.locator(`#entry-${entryId(12)} .ballast-label--updated`)).toHaveCount(0);

  await expect(page.locator(".ballast-pinned .ballast-entry-body")).toHaveText("Entry 3");
  const keyEventLinks = page.locator(".ballast-key-events a");
  await expect(keyEventLinks).toHaveText(["Key moment 11", "Key moment 4"]);
  await expect(keyEventLinks.first()).toHaveAttribute("href", `#entry-${entryId(11)}`);
  await expect(page.locator(".ballast-entries")).toHaveAttribute("aria-live", "polite");
  await expect(page.getByRole("button", { name: "Load older updates" })).toBeVisible();
});

test("new entries wait behind an 'N new updates' button and are inserted newest first when it is clicked", async ({ page }) => {
  await openHost(page);
  server.blog.add(2);
  server.blog.publish();

  const button = page.getByRole("button", { name: "2 new updates" });
  await expect(button).toBeVisible();
  const polled = headRequests().length;
  await expect.poll(() => headRequests().length).toBeGreaterThan(polled + 1);
  expect(await streamSeqs(page)).toEqual([12, 11, 10]);

  await button.click();
  await expect(button).toBeHidden();
  expect(await streamSeqs(page)).toEqual([14, 13, 12, 11, 10]);
  await expect(stream(page).first()).toBeFocused();

  server.blog.add(1);
  server.blog.publish();
  await expect(page.getByRole("button", { name: "1 new update", exact: true })).toBeVisible();
});

test("an edited entry is updated in place and marked Updated", async ({ page }) => {
  await openHost(page);
  server.blog.edit(11, "<p>Entry 11, corrected</p>");
  server.blog.publish();

  const edited = page.locator(`#entry-${entryId(11)}`);
  await expect(edited.locator(".ballast-entry-body")).toHaveText("Entry 11, corrected");
  await expect(edited.locator(".ballast-label--updated")).toHaveText("Updated");
  expect(await streamSeqs(page)).toEqual([12, 11, 10]);
  await expect(page.locator(".ballast-new")).toBeHidden();
});

test("a deleted entry is removed in place (and the topped-up head's older entry joins the stream)", async ({ page }) => {
  await openHost(page);
  server.blog.remove(11);
  server.blog.publish();

  await expect(page.locator(`#entry-${entryId(11)}`)).toHaveCount(0);
  await expect.poll(() => streamSeqs(page)).toEqual([12, 10, 9]);
  await expect(page.locator(".ballast-key-events a")).toHaveText(["Key moment 4"]);
});

test("polling pauses while the page is hidden and resumes at once when it is visible", async ({ page }) => {
  await openHost(page);
  await expect.poll(() => headRequests().length).toBeGreaterThan(1);
  await setHidden(page, true);
  await page.waitForTimeout(300); // let a poll already in flight finish
  const whileHidden = headRequests().length;
  await page.waitForTimeout(3_500); // three poll intervals at data-poll-seconds="1"
  expect(headRequests().length).toBe(whileHidden);

  const shownAtMs = Date.now();
  await setHidden(page, false);
  await expect.poll(() => headRequests().length, { timeout: 900 }).toBeGreaterThan(whileHidden);
  expect(headRequests()[whileHidden]!.atMs - shownAtMs).toBeLessThan(900);
});

test("server errors back off exponentially and keep the last good entries on screen", async ({ page }) => {
  await openHost(page);
  const startIndex = headRequests().length;
  server.failHead = true;

  await expect.poll(() => headRequests().slice(startIndex).filter((request) => request.status === 500).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const failures = headRequests().slice(startIndex).filter((request) => request.status === 500);
  const firstGapMs = failures[1]!.atMs - failures[0]!.atMs;
  const secondGapMs = failures[2]!.atMs - failures[1]!.atMs;
  // Delays after 1, 2 failures: 1–2 s, then 2–4 s (x2 with jitter) instead of the 1 s poll interval.
  expect(firstGapMs).toBeGreaterThanOrEqual(950);
  expect(secondGapMs).toBeGreaterThanOrEqual(1_900);
  expect(secondGapMs).toBeGreaterThanOrEqual(firstGapMs - 50);
  expect(await streamSeqs(page)).toEqual([12, 11, 10]);

  server.failHead = false;
  server.blog.add(1);
  server.blog.publish();
  await expect(page.getByRole("button", { name: "1 new update", exact: true })).toBeVisible({ timeout: 12_000 });
});

test("Load older appends archive pages newest first and disappears after the last; archived edits and deletes are reconciled", async ({ page }) => {
  await openHost(page);
  const older = page.getByRole("button", { name: "Load older updates" });
  await older.click();
  await expect.poll(() => streamSeqs(page)).toEqual([12, 11, 10, 9, 8, 7, 6]);
  await expect(older).toBeVisible();
  await older.click();
  await expect.poll(() => streamSeqs(page)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  await expect(older).toBeHidden();

  // An edit in page 2 gives it a new content-hashed path: the widget refetches it.
  server.blog.edit(7, "<p>Entry 7, corrected</p>");
  server.blog.publish();
  await expect(page.locator(`#entry-${entryId(7)} .ballast-entry-body`)).toHaveText("Entry 7, corrected");
  await expect(page.locator(`#entry-${entryId(7)} .ballast-label--updated`)).toBeVisible();

  server.blog.remove(2);
  server.blog.publish();
  await expect.poll(() => streamSeqs(page)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 1]);
});

test("a #entry-<id> permalink to an archived entry loads older pages until it is shown, then scrolls to it", async ({ page }) => {
  await openHost(page, `#entry-${entryId(2)}`);
  const target = page.locator(`#entry-${entryId(2)}`);
  await expect(target).toBeVisible();
  await expect(target).toBeInViewport();
  expect(server.requests.filter((request) => request.path.startsWith("/liveblogs/demo/pages/")).length).toBe(2);
});

test("server-rendered entries are adopted when current and replaced when stale; server pinned/key events are replaced", async ({ page }) => {
  const head = JSON.parse(server.blog.head) as { entries: { id: string; seq: number; updatedAt: string }[] };
  const [twelve, , ten] = head.entries;
  server.ssrMarkup = [
    `<section class="ballast-pinned"><h2>Pinned</h2><article id="pinned-${entryId(3)}" data-pinned-entry-id="${entryId(3)}" data-entry-id="${entryId(3)}"><p>Pinned, server copy</p></article></section>`,
    `<nav class="ballast-key-events"><h2>Key events</h2><ol><li><a href="#entry-${entryId(11)}">Server key event</a></li></ol></nav>`,
    `<div class="ballast-entries" aria-live="polite">`,
    `<article data-entry-id="${twelve!.id}" data-entry-seq="12" data-entry-version="${twelve!.updatedAt}"><p>Server copy of 12</p></article>`,
    `<article data-entry-id="${entryId(11)}" data-entry-seq="11" data-entry-version="2000-01-01T00:00:00.000Z"><p>Stale copy of 11</p></article>`,
    `<article data-entry-id="${ten!.id}" data-entry-seq="10" data-entry-updated="${ten!.updatedAt}"><p>Server copy of 10</p></article>`,
    `</div><p class="ballast-older">Older updates need JavaScript.</p>`,
  ].join("");

  await page.goto(`${server.hostOrigin}/ssr.html`);
  await expect(page.locator(".ballast-key-events a")).toHaveText(["Key moment 11", "Key moment 4"]);
  expect(await streamSeqs(page)).toEqual([12, 11, 10]);
  await expect(page.locator(`#entry-${entryId(12)}`)).toHaveText("Server copy of 12");
  await expect(page.locator(`#entry-${entryId(10)}`)).toHaveText("Server copy of 10");
  await expect(page.locator(`#entry-${entryId(11)} .ballast-entry-body`)).toHaveText("Entry 11");
  await expect(page.locator("p.ballast-older")).toHaveCount(0);
  await expect(page.locator(".ballast-pinned")).toHaveCount(1);
  await expect(page.locator(".ballast-pinned .ballast-entry-body")).toHaveText("Entry 3");
  await expect(page.locator(".ballast-key-events")).toHaveCount(1);
});

test("sets no cookies, adds only the Ballast global, and mounts late containers through Ballast.liveblog.init", async ({ page, context }) => {
  await page.goto(`${server.hostOrigin}/blank.html`);
  const globalsBefore = await page.evaluate(() => Object.keys(window));
  await page.evaluate(
    ({ src, headUrl }) => {
      const script = document.createElement("script");
      script.src = src;
      script.setAttribute("data-ballast-liveblog", headUrl);
      script.setAttribute("data-poll-seconds", "1");
      document.body.append(script);
    },
    { src: `${server.dataOrigin}/widgets/ballast.js`, headUrl: `${server.dataOrigin}${HEAD_PATH}` },
  );
  await expect(stream(page)).toHaveCount(3);
  await expect.poll(() => headRequests().length).toBeGreaterThan(1);

  const globalsAfter = await page.evaluate(() => Object.keys(window));
  expect(globalsAfter.filter((key) => !globalsBefore.includes(key))).toEqual(["Ballast"]);
  expect(await context.cookies()).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).toBe("");
  await expect(page.locator(".ballast-entries")).toHaveAttribute("aria-live", "polite");

  await page.evaluate((headUrl) => {
    const container = document.createElement("div");
    container.id = "late";
    container.setAttribute("data-ballast-liveblog", headUrl);
    document.body.append(container);
    (window as unknown as { Ballast: { liveblog: { init(element: Element): void } } }).Ballast.liveblog.init(container);
  }, `${server.dataOrigin}${HEAD_PATH}`);
  await expect(page.locator("#late .ballast-entries > article")).toHaveCount(3);
});
