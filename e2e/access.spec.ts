import { expect, test } from "@playwright/test";
import { ADMIN, E2E_BASE, createLiveBlog, createUserAsAdmin, currentPasswordOf, signIn, unique } from "./helpers";

test("a wrong password is refused with one message that does not say whether the email exists", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".notice.error")).toHaveText("Email or password is incorrect, or the account is disabled.");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
});

test("a viewer can read but not post, and cannot open user management", async ({ browser }) => {
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, ADMIN);
  const slug = unique("viewer-blog");
  await createLiveBlog(adminPage, { title: "Viewer blog", slug });
  const viewer = { name: "Vera Viewer", email: `${unique("viewer")}@example.com`, role: "viewer", password: "viewer-password-123" };
  await createUserAsAdmin(adminPage, viewer);

  const viewerPage = await (await browser.newContext()).newPage();
  await signIn(viewerPage, viewer);
  await viewerPage.goto(`/admin/liveblogs/${slug}`);
  await expect(viewerPage.getByText("Your role (viewer) can read this live blog but not post to it.")).toBeVisible();
  await expect(viewerPage.getByRole("textbox", { name: "New entry" })).toHaveCount(0);
  await expect(viewerPage.getByRole("link", { name: "New live blog" })).toHaveCount(0);

  await viewerPage.goto("/admin/users");
  await expect(viewerPage.getByText("Your role (viewer) does not allow that page.")).toBeVisible();
  await viewerPage.goto("/admin/liveblogs/new");
  await expect(viewerPage.getByText("Your role (viewer) does not allow that page.")).toBeVisible();
});

test("disabling a user ends their session at once and stops them signing in", async ({ browser }) => {
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, ADMIN);
  const editor = { name: "Eddie Editor", email: `${unique("editor")}@example.com`, role: "editor", password: "editor-password-123" };
  await createUserAsAdmin(adminPage, editor);

  const editorPage = await (await browser.newContext()).newPage();
  await signIn(editorPage, editor);

  await adminPage.goto("/admin/users");
  await adminPage.getByRole("form", { name: `Access of ${editor.email}` }).getByRole("button", { name: "Disable" }).click();
  await expect(adminPage.getByText(`${editor.email} is disabled.`)).toBeVisible();

  await editorPage.goto("/admin");
  await expect(editorPage).toHaveURL(/\/login$/);
  await editorPage.getByLabel("Email").fill(editor.email);
  await editorPage.getByLabel("Password").fill(currentPasswordOf(editor));
  await editorPage.getByRole("button", { name: "Sign in" }).click();
  await expect(editorPage.locator(".notice.error")).toHaveText("Email or password is incorrect, or the account is disabled.");
});

test("the entries API checks the role on every request: anonymous 401, viewer 403, editor 201", async ({ browser, playwright }) => {
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, ADMIN);
  const slug = unique("api-blog");
  await createLiveBlog(adminPage, { title: "API blog", slug });
  const viewer = { name: "Api Viewer", email: `${unique("apiviewer")}@example.com`, role: "viewer", password: "viewer-password-123" };
  await createUserAsAdmin(adminPage, viewer);

  const anonymous = await playwright.request.newContext({ baseURL: E2E_BASE });
  const anonymousResponse = await anonymous.post(`/api/liveblogs/${slug}/entries`, { data: { body: "sneaky" } });
  expect(anonymousResponse.status()).toBe(401);

  const viewerContext = await browser.newContext();
  await signIn(await viewerContext.newPage(), viewer);
  const viewerResponse = await viewerContext.request.post(`/api/liveblogs/${slug}/entries`, { data: { body: "should not land" } });
  expect(viewerResponse.status()).toBe(403);
  expect((await viewerResponse.json()).error).toBe("Your role (viewer) is not allowed to do this.");

  const emptyResponse = await adminPage.request.post(`/api/liveblogs/${slug}/entries`, { data: { body: "" } });
  expect(emptyResponse.status()).toBe(400);
  expect((await emptyResponse.json()).fieldErrors).toEqual({ body: "Entry text is required." });

  const adminResponse = await adminPage.request.post(`/api/liveblogs/${slug}/entries`, { data: { body: "Posted through the API" } });
  expect(adminResponse.status()).toBe(202);
  expect(await adminResponse.json()).toMatchObject({ status: "queued", commandId: expect.any(String) });
  await expect.poll(async () => (await (await adminPage.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json()).entries.map((entry: { html: string }) => entry.html)).toEqual(["Posted through the API"]);
});
