import { expect, test } from "@playwright/test";
import { ADMIN, createLiveBlog, signIn, unique } from "./helpers";

test("an admin logs in, creates a live blog, posts an entry and finds it in the published latest.json", async ({ page, request }) => {
  await signIn(page, ADMIN);
  const slug = unique("election-night");
  await createLiveBlog(page, { title: "Election night", slug, description: "Results as they come in" });

  const text = `Polls in Ohio close at 7:30 — ${unique("entry")}`;
  await page.getByRole("textbox", { name: "New entry" }).fill(text);
  await page.getByRole("textbox", { name: "New entry" }).press("Control+Enter");
  await expect(page.getByText("Queued. Publishing…")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "New entry" })).toHaveText("");
  await expect(page.getByTestId("admin-entry").filter({ hasText: text })).toBeVisible();
  await expect(page.getByTestId("publish-status")).toContainText("Published v2");

  const response = await request.get(`/cdn/liveblogs/${slug}/latest.json`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/json; charset=utf-8");
  expect(response.headers()["cache-control"]).toBe("public, max-age=2, stale-while-revalidate=30, stale-if-error=86400");
  const head = await response.json();
  expect(head).toMatchObject({ schema: 2, version: 2, liveblog: { slug, title: "Election night" } });
  expect(head.entries[0].html).toBe(`<p>${text}</p>`);
});

test("bad input gets a clear error on the field, and nothing typed is lost", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/liveblogs/new");
  await page.getByLabel("Title").fill("Spaces in slug");
  await page.getByLabel(/^Slug/).fill("Has Spaces");
  await page.getByRole("button", { name: "Create live blog" }).click();
  await expect(page.locator("#slug-error")).toHaveText(/Slug may only contain lower-case letters/);
  await expect(page.getByLabel("Title")).toHaveValue("Spaces in slug");

  await page.getByLabel("Title").fill("");
  await page.getByLabel(/^Slug/).fill("fine-slug");
  await page.getByRole("button", { name: "Create live blog" }).click();
  await expect(page.locator("#title-error")).toHaveText("Title is required.");

  const slug = unique("taken");
  await createLiveBlog(page, { title: "Original", slug });
  await page.goto("/admin/liveblogs/new");
  await page.getByLabel("Title").fill("Copy");
  await page.getByLabel(/^Slug/).fill(slug);
  await page.getByRole("button", { name: "Create live blog" }).click();
  await expect(page.locator("#slug-error")).toHaveText("This slug is already used by another live blog.");

  await page.goto(`/admin/liveblogs/${slug}`);
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.locator("#body-error")).toHaveText("Entry text is required.");
  await expect(page.getByRole("heading", { name: /Entries/ })).toContainText("(0)");
});

test("an editor sees the publish status and history, rolls the head back to an earlier version, and resumes", async ({ page, request }) => {
  await signIn(page, ADMIN);
  const slug = unique("rollback");
  await createLiveBlog(page, { title: "Rollback night", slug });
  const compose = page.getByRole("textbox", { name: "New entry" });
  await compose.fill("Accurate update");
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByTestId("publish-status")).toContainText("Published v2");
  await compose.fill("Wrong result, retract me");
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByTestId("publish-status")).toContainText("Published v3");

  await page.getByText(/Publish history/).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Roll back to v2" }).click();
  await expect(page.getByTestId("publish-status")).toContainText("Rolled back: readers see the content of v2");
  const rolledBack = await (await request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
  expect(rolledBack).toMatchObject({ version: 4, rolledBackTo: 2 });
  expect(rolledBack.entries.map((entry: { html: string }) => entry.html)).toEqual(["<p>Accurate update</p>"]);

  await page.getByRole("button", { name: "Resume publishing" }).click();
  await expect(page.getByTestId("publish-status")).toContainText("Published v5");
  const resumed = await (await request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
  expect(resumed.version).toBe(5);
  expect(resumed.rolledBackTo).toBeUndefined();

  await page.getByRole("button", { name: "Republish" }).click();
  await expect(page.getByText("Republish queued.")).toBeVisible();
  await page.locator("details.history").evaluate((details) => details.setAttribute("open", ""));
  await expect(page.locator("details.history td", { hasText: "republish" }).first()).toBeVisible();
});

test("a new live blog is a private draft until it goes live, and setting it back to draft takes it down", async ({ page, request }) => {
  await signIn(page, ADMIN);
  const slug = unique("draft");
  const published = (key: string) => request.get(`/cdn/liveblogs/${slug}/${key}`).then((response) => response.status());
  await createLiveBlog(page, { title: "Quiet preparations", slug, draft: true });
  await expect(page.getByTestId("draft-notice")).toContainText("draft");
  await expect(page.getByTestId("embed-not-public")).toContainText("not public until you go live");
  await expect(page.getByTestId("publish-status")).toContainText("Draft: not published");

  await page.getByRole("textbox", { name: "New entry" }).fill("Written before going live");
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByTestId("my-post").first()).toContainText("Saved — not public until the blog goes live");
  expect(await published("latest.json")).toBe(404);
  expect(await published("index.html")).toBe(404);

  await page.getByRole("button", { name: "Go live" }).click();
  await expect(page.getByTestId("liveblog-status")).toHaveText("Live");
  await expect.poll(() => published("latest.json")).toBe(200);
  const head = await (await request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
  expect(head.entries.map((entry: { html: string }) => entry.html)).toEqual(["<p>Written before going live</p>"]);
  expect(await published("index.html")).toBe(200);
  await expect(page.getByTestId("embed-not-public")).toHaveCount(0);
  await expect(page.getByTestId("draft-notice")).toHaveCount(0);

  await page.getByText("Settings", { exact: true }).click();
  await page.getByLabel("Status", { exact: true }).selectOption("draft");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect.poll(() => published("latest.json"), { timeout: 15_000 }).toBe(404);
  expect(await published("index.html")).toBe(404);
  await expect(page.getByTestId("liveblog-status")).toHaveText("Draft");
  await expect(page.getByTestId("embed-not-public")).toBeVisible();
});
