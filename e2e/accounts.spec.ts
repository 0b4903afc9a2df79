// Accounts on the production build: changing your own password ends your other sessions, an admin's reset link works
// once, and a password someone else set (generated here) must be replaced at first sign-in.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, createUserAsAdmin, currentPasswordOf, signIn, unique } from "./helpers";

// Several sign-ins per test (scrypt on a shared 2-core machine): more than the default minute.
test.describe.configure({ timeout: 150_000 });

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function expectSignedOut(page: Page) {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
}

async function tryPassword(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a user changes their password on the account page; their other session is signed out and this one goes on", async ({ browser }) => {
  const admin = await newPage(browser);
  await signIn(admin, ADMIN);
  const editor = { name: "Pat Password", email: `${unique("pat")}@example.com`, role: "editor", password: "pat-first-password-1" };
  await createUserAsAdmin(admin, editor);

  const laptop = await newPage(browser);
  await signIn(laptop, editor);
  const phone = await newPage(browser);
  await signIn(phone, editor);

  await laptop.getByRole("link", { name: editor.name }).click();
  await expect(laptop.getByRole("heading", { name: "Your account" })).toBeVisible();
  const form = laptop.getByRole("form", { name: "Change password" });
  // A wrong current password and a common new one are refused on their fields.
  await form.getByLabel("Current password").fill("not-my-password-at-all");
  await form.getByLabel(/^New password/).fill("pat-second-password-2");
  await form.getByLabel("Confirm new password").fill("pat-second-password-2");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Your current password is not right.").first()).toBeVisible();
  await form.getByLabel("Current password").fill(currentPasswordOf(editor));
  await form.getByLabel(/^New password/).fill("password1234");
  await form.getByLabel("Confirm new password").fill("password1234");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText(/commonly used passwords/).first()).toBeVisible();

  await form.getByLabel("Current password").fill(currentPasswordOf(editor));
  await form.getByLabel(/^New password/).fill("pat-second-password-2");
  await form.getByLabel("Confirm new password").fill("pat-second-password-2");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Password changed. Your other sessions are signed out.")).toBeVisible();

  // This browser got a fresh session; the other one is gone.
  await laptop.goto("/admin");
  await expect(laptop.getByRole("heading", { name: "Live blogs" })).toBeVisible();
  await expectSignedOut(phone);
  await tryPassword(phone, editor.email, currentPasswordOf(editor));
  await expect(phone.locator(".notice.error")).toHaveText("Email or password is incorrect, or the account is disabled.");
  await tryPassword(phone, editor.email, "pat-second-password-2");
  await expect(phone.getByRole("heading", { name: "Live blogs" })).toBeVisible();

  // The display name changes too.
  await laptop.goto("/admin/account");
  await laptop.getByRole("form", { name: "Display name" }).getByLabel(/^Display name/).fill("Pat Renamed");
  await laptop.getByRole("button", { name: "Save name" }).click();
  await expect(laptop.getByText("Your name is now Pat Renamed.")).toBeVisible();
});

test("an admin's reset link sets a new password once, ends the user's sessions, and is refused the second time", async ({ browser }) => {
  const admin = await newPage(browser);
  await signIn(admin, ADMIN);
  const editor = { name: "Rita Reset", email: `${unique("rita")}@example.com`, role: "editor", password: "rita-first-password-1" };
  await createUserAsAdmin(admin, editor);
  const session = await newPage(browser);
  await signIn(session, editor);

  await admin.goto("/admin/users");
  const resetForm = admin.getByRole("form", { name: `Password reset for ${editor.email}` });
  await resetForm.getByRole("button", { name: "Reset password" }).click();
  const link = (await resetForm.getByTestId("reset-link").textContent()) ?? "";
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);

  const stranger = await newPage(browser);
  await stranger.goto(link);
  await expect(stranger.getByText(`For ${editor.email}.`)).toBeVisible();
  const form = stranger.getByRole("form", { name: "Set a new password" });
  await form.getByLabel(/^New password/).fill("rita-reset-password-2");
  await form.getByLabel("Confirm new password").fill("rita-reset-password-2");
  await form.getByRole("button", { name: "Set password" }).click();
  await expect(stranger.getByText(`Password set for ${editor.email}.`)).toBeVisible();

  await expectSignedOut(session);
  await tryPassword(session, editor.email, "rita-reset-password-2");
  await expect(session.getByRole("heading", { name: "Live blogs" })).toBeVisible();

  // Used once: the page says so and offers no form (a replayed post is refused too: lib/users/accounts.test.ts).
  const again = await newPage(browser);
  await again.goto(link);
  await expect(again.locator(".notice.error")).toHaveText(/invalid, was already used or has expired/);
  await expect(again.getByRole("form", { name: "Set a new password" })).toHaveCount(0);
});

test("a generated password must be changed at first sign-in before anything else works", async ({ browser }) => {
  const admin = await newPage(browser);
  await signIn(admin, ADMIN);
  await admin.goto("/admin/users");
  const email = `${unique("gen")}@example.com`;
  const add = admin.getByRole("form", { name: "Add a user" });
  await add.getByLabel("Name").fill("Gene Generated");
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Role").selectOption("editor");
  await add.getByRole("button", { name: "Add user" }).click();
  const generated = (await add.getByTestId("generated-password").textContent()) ?? "";
  expect(generated.length).toBeGreaterThanOrEqual(12);

  const page = await newPage(browser);
  await tryPassword(page, email, generated);
  await expect(page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  // Nothing else is open meanwhile: admin pages send it back here, and the session API is refused.
  await page.goto("/admin/banners");
  await expect(page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  const api = await page.request.post("/api/commands", { data: { type: "liveblog.create", payload: { title: "No", slug: unique("no") } }, headers: { origin: new URL(page.url()).origin } });
  expect(api.status()).toBe(403);
  expect(await api.text()).toMatch(/Choose your own password first/);

  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(generated);
  await form.getByLabel(/^New password/).fill("gene-own-password-1");
  await form.getByLabel("Confirm new password").fill("gene-own-password-1");
  await form.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Live blogs" })).toBeVisible();

  const later = await newPage(browser);
  await tryPassword(later, email, "gene-own-password-1");
  await expect(later.getByRole("heading", { name: "Live blogs" })).toBeVisible();
});
