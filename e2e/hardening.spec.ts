// Auth and HTTP hardening on the production build: the admin's CSP with per-response nonces, sessions that end when
// their user signs out (here or everywhere), and one cross-site rule for every cookie route that changes something.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { ADMIN, E2E_BASE, createLiveBlog, createUserAsAdmin, signIn, unique } from "./helpers";

const BASE = E2E_BASE;

async function signedInPage(browser: Browser, credentials: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, credentials);
  return page;
}

async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name.endsWith("authjs.session-token"));
  expect(cookie, "a session cookie").toBeTruthy();
  return `${cookie!.name}=${cookie!.value}`;
}

/** A client that is not a browser, carrying a copied session cookie (and whatever Origin a test gives it). */
async function replay(playwright: { request: { newContext: (options: object) => Promise<APIRequestContext> } }, cookie: string, headers: Record<string, string> = {}) {
  return playwright.request.newContext({ baseURL: BASE, extraHTTPHeaders: { cookie, ...headers } });
}

function serverActionId(file: string, name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, { filename: string; exportedName: string }> };
  return Object.entries(manifest.node).find(([, action]) => action.filename === file && action.exportedName === name)![0];
}

async function newEditor(admin: Page) {
  const editor = { name: "Hardy Editor", email: `${unique("hardy")}@example.com`, role: "editor", password: "hardy-editor-123" };
  await createUserAsAdmin(admin, editor);
  return editor;
}

test("admin pages carry a CSP whose nonce is on every script, and the newsroom works under it without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const policies: string[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "document") policies.push(response.headers()["content-security-policy"] ?? "");
  });

  await signIn(page, ADMIN);
  const slug = unique("csp-blog");
  await createLiveBlog(page, { title: "Under a strict policy", slug });
  const box = page.getByRole("textbox", { name: "New entry" });
  await box.click();
  await box.pressSequentially("Posted under the CSP");
  await box.press("Control+Enter");
  await expect(page.getByText("Posted under the CSP").first()).toBeVisible();
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();

  expect(policies.length).toBeGreaterThan(2);
  for (const policy of policies) {
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
  }
  expect(new Set(policies).size).toBe(policies.length); // a fresh nonce per response
  for (const url of ["/login", "/admin", `/admin/liveblogs/${slug}`, "/admin/liveblogs/new"]) {
    const response = await page.request.get(url);
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
    const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length, url).toBeGreaterThan(0);
    for (const script of scripts) expect(script, url).toContain(`nonce="${nonce}"`);
  }
  expect(violations).toEqual([]);
});

test("the admin's CSP stops markup injected into a page from running script, which runs when the policy is bypassed (the control)", async ({ browser }) => {
  const injectedHandlerRuns = async (bypassCSP: boolean) => {
    const page = await (await browser.newContext({ bypassCSP })).newPage();
    await page.addInitScript(() => Object.assign(window, { __ran: 0 }));
    await signIn(page, ADMIN);
    // What a sanitiser slip would put in an entry: markup with an inline handler.
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="window.__ran++">'));
    await page.waitForTimeout(500);
    return page.evaluate(() => (window as unknown as { __ran: number }).__ran);
  };
  expect(await injectedHandlerRuns(true)).toBe(1);
  expect(await injectedHandlerRuns(false)).toBe(0);
});

test("a session token replayed after sign-out gets 401 from the API and the login page from pages", async ({ browser, playwright }) => {
  const admin = await signedInPage(browser, ADMIN);
  const slug = unique("signout-blog");
  await createLiveBlog(admin, { title: "Sign-out blog", slug });
  const editor = await newEditor(admin);

  const page = await signedInPage(browser, editor);
  const cookie = await sessionCookie(page);
  const before = await replay(playwright, cookie);
  expect((await before.post(`/api/liveblogs/${slug}/entries`, { data: { body: "Before sign-out" } })).status()).toBe(202);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);

  const after = await replay(playwright, cookie);
  const entry = await after.post(`/api/liveblogs/${slug}/entries`, { data: { body: "After sign-out" } });
  expect(entry.status()).toBe(401);
  expect((await entry.json()).error).toBe("Your session has ended. Please sign in again.");
  expect((await after.post("/api/commands", { data: { type: "entry.create", payload: {} } })).status()).toBe(401);
  const adminPage = await after.get("/admin", { maxRedirects: 0 });
  expect(adminPage.status()).toBe(307);
  expect(adminPage.headers()["location"]).toMatch(/\/login$/);
});

test("sign out everywhere ends the user's sessions in every browser at once", async ({ browser, playwright }) => {
  const admin = await signedInPage(browser, ADMIN);
  const slug = unique("everywhere-blog");
  await createLiveBlog(admin, { title: "Everywhere blog", slug });
  const editor = await newEditor(admin);
  const laptop = await signedInPage(browser, editor);
  const phone = await signedInPage(browser, editor);
  const phoneCookie = await sessionCookie(phone);

  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop).toHaveURL(/\/login\?signedOut=everywhere$/);
  await expect(laptop.getByText("You are signed out on every device.")).toBeVisible();

  await phone.goto("/admin");
  await expect(phone).toHaveURL(/\/login$/);
  const replayed = await replay(playwright, phoneCookie);
  expect((await replayed.post(`/api/liveblogs/${slug}/entries`, { data: { body: "From the phone" } })).status()).toBe(401);

  // Signing in again works, and other users were not signed out.
  await signIn(phone, editor);
  await admin.goto("/admin");
  await expect(admin.getByRole("heading", { name: "Live blogs" })).toBeVisible();
});

test("a cross-site Origin without Sec-Fetch-Site is refused on every cookie route that changes something", async ({ browser, playwright }) => {
  const admin = await signedInPage(browser, ADMIN);
  const slug = unique("csrf-blog");
  await createLiveBlog(admin, { title: "Cross-site blog", slug });
  const editor = await newEditor(admin);
  const page = await signedInPage(browser, editor);
  const cookie = await sessionCookie(page);

  const csrfToken = (await (await page.request.get("/api/auth/csrf")).json()).csrfToken as string;
  const csrfCookie = (await page.context().cookies()).find((candidate) => candidate.name.endsWith("authjs.csrf-token"))!;
  const image = { name: "dot.png", mimeType: "image/png", buffer: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64") };
  const attempts = async (origin: string) => {
    const client = await replay(playwright, `${cookie}; ${csrfCookie.name}=${csrfCookie.value}`, { origin });
    return {
      entries: (await client.post(`/api/liveblogs/${slug}/entries`, { data: { body: `From ${origin}` } })).status(),
      commands: (await client.post("/api/commands", { data: { type: "entry.create", payload: { liveBlogId: "00000000-0000-4000-8000-000000000000", body: "x" } } })).status(),
      media: (await client.post("/api/media", { multipart: { file: image } })).status(),
      signOutRoute: (await client.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 })).status(),
      serverAction: (await client.post("/admin", { headers: { "next-action": serverActionId("app/admin/actions.ts", "signOutEverywhereAction"), "content-type": "text/plain;charset=UTF-8" }, data: "[]", maxRedirects: 0 })).status(),
    };
  };

  expect(await attempts("https://evil.example")).toEqual({ entries: 403, commands: 403, media: 403, signOutRoute: 403, serverAction: 403 });
  // Nothing happened: the session still works and the blog got no entry.
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Live blogs" })).toBeVisible();
  const head = await page.request.get(`/cdn/liveblogs/${slug}/latest.json`);
  if (head.ok()) expect((await head.json()).entries).toEqual([]);

  // The same requests from our own origin pass the rule (the entry is queued, the image stored).
  const own = await attempts(BASE);
  expect(own).toMatchObject({ entries: 202, media: 201 });
  expect(own.commands).not.toBe(403);
});
