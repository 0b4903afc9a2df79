import { expect, type Page } from "@playwright/test";

// The runner sets BALLAST_E2E_PORT (playwright.config.ts) so two checkouts can run their suites side by side.
// eslint-disable-next-line no-restricted-properties -- test-runner wiring, not an app setting
export const E2E_PORT = Number(process.env.BALLAST_E2E_PORT ?? 3100);
export const E2E_BASE = `http://localhost:${E2E_PORT}`;

export const ADMIN = { email: "e2e-admin@example.com", password: "e2e-admin-password-123" };

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

// Users an admin creates must choose their own password at first sign-in: signIn does that for them (the new password
// is derived from the one the spec knows) and remembers it, so later sign-ins with the spec's credentials keep working.
const ownPasswords = new Map<string, string>();

/** The password a user signs in with now: the one the spec gave, or the one signIn chose at the forced change. */
export function currentPasswordOf(credentials: { email: string; password: string }): string {
  return ownPasswords.get(credentials.email) ?? credentials.password;
}

export function ownPasswordFor(password: string): string {
  return `${password}-own`;
}

export async function signIn(page: Page, credentials: { email: string; password: string }) {
  const password = currentPasswordOf(credentials);
  await page.goto("/login");
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const forcedChange = page.getByRole("heading", { name: "Choose your password" });
  await expect(page.getByRole("heading", { name: "Live blogs" }).or(forcedChange)).toBeVisible();
  if (await forcedChange.isVisible()) {
    const own = ownPasswordFor(credentials.password);
    const form = page.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password").fill(password);
    await form.getByLabel(/^New password/).fill(own);
    await form.getByLabel("Confirm new password").fill(own);
    await form.getByRole("button", { name: "Save and continue" }).click();
    ownPasswords.set(credentials.email, own);
  }
  await expect(page.getByRole("heading", { name: "Live blogs" })).toBeVisible();
}

export async function createUserAsAdmin(page: Page, user: { name: string; email: string; role: string; password: string }) {
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Name").fill(user.name);
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Role").selectOption(user.role);
  await form.getByLabel(/^Password/).fill(user.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`Created ${user.email}.`)).toBeVisible();
}

/** New blogs start as private drafts; unless `draft: true`, this ticks "Go live now" so the blog is public at once. */
export async function createLiveBlog(page: Page, blog: { title: string; slug: string; description?: string; draft?: boolean }) {
  await page.goto("/admin/liveblogs/new");
  await page.getByLabel("Title").fill(blog.title);
  await page.getByLabel(/^Slug/).fill(blog.slug);
  if (blog.description) await page.getByLabel("Description").fill(blog.description);
  if (!blog.draft) await page.getByLabel("Go live now").check();
  await page.getByRole("button", { name: "Create live blog" }).click();
  await expect(page.getByRole("heading", { name: blog.title })).toBeVisible();
  await expect(page.getByTestId("liveblog-status")).toHaveText(blog.draft ? "Draft" : "Live");
}
