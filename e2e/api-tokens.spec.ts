// API tokens end to end on the production build: an admin creates one in the admin UI, a script uses it with curl,
// the admin revokes it, and expired tokens are refused.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { createDb } from "../lib/db";
import { embeddedDatabaseUrl } from "../lib/db/embedded-postgres";
import { ADMIN, E2E_BASE, createUserAsAdmin, signIn, unique } from "./helpers";

const BASE = E2E_BASE;
const execFileAsync = promisify(execFile);

type TCurlResult = { status: number; body: Record<string, unknown> };

/** What a script does: /usr/bin/curl, with the token in the Authorization header. */
async function curl(token: string | null, method: "GET" | "POST", path: string, body?: unknown): Promise<TCurlResult> {
  const args = ["--silent", "--show-error", "--max-time", "20", "--request", method, "--write-out", "\n%{http_code}"];
  if (token) args.push("--header", `Authorization: Bearer ${token}`);
  if (body !== undefined) args.push("--header", "Content-Type: application/json", "--data", JSON.stringify(body));
  const { stdout } = await execFileAsync("/usr/bin/curl", [...args, `${BASE}${path}`]);
  const separator = stdout.lastIndexOf("\n");
  return { status: Number(stdout.slice(separator + 1)), body: JSON.parse(stdout.slice(0, separator)) as Record<string, unknown> };
}

async function createTokenInUi(page: Page, token: { userEmail: string; name: string; days: string }): Promise<string> {
  await page.goto("/admin/tokens");
  const form = page.getByRole("form", { name: "Create an API token" });
  await form.getByLabel(/^User/).selectOption({ label: `${token.userEmail} (editor)` });
  await form.getByLabel(/^Name/).fill(token.name);
  await form.getByLabel("Expires in").selectOption(token.days);
  await form.getByRole("button", { name: "Create token" }).click();
  const created = page.getByRole("status", { name: "New API token" });
  await expect(created).toContainText("you will not see it again");
  await expect(created.getByRole("button", { name: "Copy" })).toBeVisible();
  const secret = (await created.getByTestId("new-token-secret").textContent()) ?? "";
  expect(secret).toMatch(/^blt_[A-Za-z0-9_-]{43}$/);
  return secret;
}

function tokenRow(page: Page, name: string) {
  return page.getByRole("row").filter({ hasText: name });
}

async function addEditor(page: Page) {
  const editor = { name: "Token Editor", email: `${unique("token-editor")}@example.com`, role: "editor", password: "editor-password-123" };
  await createUserAsAdmin(page, editor);
  return editor;
}

test("an admin creates a token for an editor, curl posts an entry with it until published, and after Revoke the next call gets 401", async ({ page, playwright }) => {
  await signIn(page, ADMIN);
  const editor = await addEditor(page);
  const name = unique("results-importer");
  const token = await createTokenInUi(page, { userEmail: editor.email, name, days: "30" });
  await expect(tokenRow(page, name)).toContainText(editor.email);
  await expect(tokenRow(page, name)).toContainText("active");
  await expect(tokenRow(page, name)).toContainText("never");

  // Credentials are checked before the body is read: an anonymous 2 MB post is refused as unauthenticated.
  const anonymous = await playwright.request.newContext({ baseURL: BASE });
  const oversized = await anonymous.post("/api/commands", { data: { type: "entry.create", payload: { body: "x".repeat(2 * 1024 * 1024) } } });
  expect(oversized.status()).toBe(401);
  expect(oversized.headers()["www-authenticate"]).toMatch(/^Bearer/);

  const slug = unique("api-night");
  const blog = await curl(token, "POST", "/api/commands", { type: "liveblog.create", payload: { title: "API night", slug, status: "live" } });
  expect(blog.status).toBe(202);
  expect(blog.body).toMatchObject({ type: "liveblog.create", status: "queued", ids: { liveBlogId: expect.any(String) } });
  const liveBlogId = (blog.body.ids as { liveBlogId: string }).liveBlogId;

  const invalid = await curl(token, "POST", "/api/commands", { type: "entry.create", payload: { liveBlogId, body: "" } });
  expect(invalid).toMatchObject({ status: 400, body: { code: "invalid_input", fieldErrors: { "payload.body": "Entry text is required." } } });

  const posted = await curl(token, "POST", "/api/commands", { type: "entry.create", payload: { liveBlogId, body: "<p>Posted by a script with curl</p>" } });
  expect(posted.status).toBe(202);
  expect(posted.body).toMatchObject({ type: "entry.create", status: "queued", statusUrl: `/api/commands/${posted.body.commandId}`, ids: { entryId: expect.any(String) } });
  await expect.poll(async () => (await curl(token, "GET", String(posted.body.statusUrl))).body.status, { timeout: 30_000 }).toBe("published");
  const published = await (await anonymous.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
  expect(published.entries.map((entry: { html: string }) => entry.html)).toContain("<p>Posted by a script with curl</p>");

  // The slug-addressed entries route takes the token too.
  const bySlug = await curl(token, "POST", `/api/liveblogs/${slug}/entries`, { body: "<p>By slug</p>" });
  expect(bySlug).toMatchObject({ status: 202, body: { status: "queued", entryId: expect.any(String) } });
  expect((await curl(null, "GET", String(posted.body.statusUrl))).status).toBe(401);

  await page.goto("/admin/tokens");
  await expect(tokenRow(page, name)).not.toContainText("never");
  await tokenRow(page, name).getByRole("button", { name: `Revoke ${name}` }).click();
  await tokenRow(page, name).getByRole("button", { name: "Yes, revoke" }).click();
  await expect(tokenRow(page, name)).toContainText("revoked");
  await expect(tokenRow(page, name).getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);

  const afterRevoke = await curl(token, "POST", "/api/commands", { type: "entry.create", payload: { liveBlogId, body: "<p>Too late</p>" } });
  expect(afterRevoke).toMatchObject({ status: 401, body: { code: "unauthenticated", error: "The API token is invalid, expired or revoked." } });
  expect((await curl(token, "GET", String(posted.body.statusUrl))).status).toBe(401);
});

test("an expired token gets 401", async ({ page }) => {
  await signIn(page, ADMIN);
  const editor = await addEditor(page);
  const name = unique("short-lived");
  const token = await createTokenInUi(page, { userEmail: editor.email, name, days: "1" });
  const statusUrl = "/api/commands/00000000-0000-4000-8000-000000000000";
  expect((await curl(token, "GET", statusUrl)).status).toBe(200);

  // No one can create an already-expired token, and waiting a day is no test. The server compares the stored expiry
  // with the database's clock on every request, so moving this token's stored expiry a second into the past is
  // exactly what the server would see once its day had passed. Done on the e2e launcher's own database.
  const dataDir = test.info().config.webServer?.env?.BALLAST_DATA_DIR;
  const databaseUrl = dataDir ? embeddedDatabaseUrl(dataDir) : null;
  expect(databaseUrl, "the e2e database of the launcher started by playwright.config.ts").toBeTruthy();
  const database = createDb(databaseUrl!);
  try {
    const { count } = await database.apiToken.updateMany({ where: { name }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(count).toBe(1);
  } finally {
    await database.$disconnect();
  }

  expect(await curl(token, "GET", statusUrl)).toMatchObject({ status: 401, body: { error: "The API token is invalid, expired or revoked." } });
  await page.goto("/admin/tokens");
  await expect(tokenRow(page, name)).toContainText("expired");
  await expect(tokenRow(page, name).getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
});

test("the OpenAPI document is public, cacheable, valid OpenAPI 3.1, and lists the registered commands", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: BASE });
  const response = await anonymous.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("public");
  const document = await response.json();
  const validator = new Validator();
  const result = await validator.validate(document);
  expect(result.errors).toBeUndefined();
  expect(validator.version).toBe("3.1");
  expect(Object.keys(document.paths["/api/commands"].post.requestBody.content["application/json"].schema.discriminator.mapping)).toEqual(
    expect.arrayContaining(["liveblog.create", "entry.create", "entry.update", "entry.delete"]),
  );
});
