// Editors keep posting while Postgres is down: the admin says posts are queued, then shows them published.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { launchBallast, type TLaunchedBallast } from "../test/support/launch-ballast";
import { ADMIN, unique } from "./helpers";

const PORT = 3101;
const BASE = `http://localhost:${PORT}`;
let postgres: EmbeddedPostgres;
let pgDataDir: string;
let appDataDir: string;
let launcher: TLaunchedBallast;

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  pgDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-e2e-outage-pg-"));
  appDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-e2e-outage-app-"));
  fs.chmodSync(pgDataDir, 0o755);
  postgres = await startEmbeddedPostgres({ dataDir: pgDataDir, log: () => undefined });
  launcher = launchBallast({ DATABASE_URL: postgres.url, BALLAST_DATA_DIR: appDataDir, PORT: String(PORT), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  await launcher.ready;
});

test.afterAll(async () => {
  await launcher?.stop();
  await postgres?.stop();
  fs.rmSync(pgDataDir, { recursive: true, force: true });
  fs.rmSync(appDataDir, { recursive: true, force: true });
});

test("an editor posts while Postgres is stopped, sees the queued notice, and the entry appears as published after restart without a reload", async ({ page }) => {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Live blogs" })).toBeVisible();

  const slug = unique("outage");
  await page.goto(`${BASE}/admin/liveblogs/new`);
  await page.getByLabel("Title").fill("Outage night");
  await page.getByLabel(/^Slug/).fill(slug);
  // New blogs start as private drafts; this one is public at once, as the outage is what is under test.
  await page.getByLabel("Go live now").check();
  await page.getByRole("button", { name: "Create live blog" }).click();
  await expect(page.getByRole("heading", { name: "Outage night" })).toBeVisible();
  await expect(page.getByTestId("publish-status")).toContainText("Published v1");

  await postgres.stop();
  await page.reload();
  await expect(page.getByTestId("degraded-notice")).toBeVisible();
  const text = `Posted during the outage ${unique("e")}`;
  await page.getByRole("textbox", { name: "New entry" }).fill(text);
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByText("Queued. The database is unreachable; it will publish when it recovers.")).toBeVisible();
  const myPost = page.getByTestId("my-post").filter({ hasText: text });
  await expect(myPost).toHaveAttribute("data-status", "queued");

  postgres = await startEmbeddedPostgres({ dataDir: pgDataDir, log: () => undefined });
  await expect(page.getByTestId("admin-entry").filter({ hasText: text })).toBeVisible({ timeout: 90_000 });
  await expect(myPost).toHaveAttribute("data-status", "published", { timeout: 30_000 });
  await expect(page.getByTestId("degraded-notice")).toHaveCount(0);
  const head = await (await page.request.get(`${BASE}/cdn/liveblogs/${slug}/latest.json`)).json();
  expect(head.entries[0].html).toBe(`<p>${text}</p>`);
});

test("an admin publishes an emergency notice while Postgres is stopped: readers see it within 10 s, and it is in the database after restart", async ({ page, browser }) => {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Live blogs" })).toBeVisible();

  await postgres.stop();
  await page.goto(`${BASE}/admin/notice`);
  await expect(page.getByRole("heading", { name: "Emergency notice" })).toBeVisible();
  const message = `New updates are delayed; we are working on it (${unique("n")})`;
  await page.getByLabel(/^Message/).fill(message);
  await page.getByRole("button", { name: "Publish notice" }).click();
  await expect(page.getByTestId("notice-result")).toContainText("Notice published");

  // A reader's page on another site (served for real: Chromium keeps pages of unknown address off localhost), with
  // only the widget's script tag asking for sitewide banners.
  const readerSite = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><h1>News</h1><script src="${BASE}/cdn/widgets/ballast.js" data-ballast-banners="sitewide" async></script>`);
  });
  await new Promise<void>((resolve) => readerSite.listen(0, "127.0.0.1", resolve));
  const reader = await browser.newPage();
  try {
    await reader.goto(`http://127.0.0.1:${(readerSite.address() as AddressInfo).port}/`);
    await expect(reader.getByRole("alert")).toContainText(message, { timeout: 10_000 });
  } finally {
    await reader.close();
    readerSite.close();
  }

  postgres = await startEmbeddedPostgres({ dataDir: pgDataDir, log: () => undefined });
  await expect(async () => {
    await page.goto(`${BASE}/admin/notice`);
    await expect(page.getByRole("table")).toContainText(message, { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
});
