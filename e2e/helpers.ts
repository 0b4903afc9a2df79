import { expect, type Page } from "@playwright/test";

// The runner sets BALLAST_E2E_PORT (playwright.config.ts) so two checkouts can run their suites side by side.
// eslint-disable-next-line no-restricted-properties -- test-runner wiring, not an app setting
export const E2E_PORT = Number(process.env.BALLAST_E2E_PORT ?? 3100);
export const E2E_BASE = `http://localhost:${E2E_PORT}`;

export const ADMIN = { email: "e2e-admin@example.com", password: "e2e-admin-password-123" };

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

export async function signIn(page: Page, credentials: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
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
