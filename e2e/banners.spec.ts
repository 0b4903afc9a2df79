// Issue 12's reader acceptance, end to end: banners sent through the API are applied, published by the workers to
// /cdn, and decided in a reader's browser by the published widget (state, ZIP, window by the reader's clock).
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { embeddedDatabaseUrl } from "../lib/db/embedded-postgres";
import { childEnv } from "../lib/env";
import { projectRoot } from "../lib/process/project-paths";
import { ADMIN, signIn, unique } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 120_000 });

let readerSite: http.Server;
let readerOrigin: string;
let admin: Page;

test.beforeAll(async ({ browser, baseURL }) => {
  // Reader pages on another site: `/page?attrs=<script tag attributes>` embeds the published widget.
  readerSite = http.createServer((request, response) => {
    const attributes = new URL(request.url ?? "/", "http://reader").searchParams.get("attrs") ?? "";
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><title>Reader</title><h1>News</h1><script src="${baseURL}/cdn/widgets/ballast.js" ${attributes} async></script>`);
  });
  await new Promise<void>((resolve) => readerSite.listen(0, "127.0.0.1", resolve));
  readerOrigin = `http://127.0.0.1:${(readerSite.address() as AddressInfo).port}`;
  admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
});

test.afterAll(async () => {
  readerSite?.close();
});

async function sendBanner(baseURL: string, payload: Record<string, unknown>): Promise<string> {
  const response = await admin.request.post("/api/commands", {
    data: JSON.stringify({ type: "banner.create", payload: { status: "published", placements: ["homepage"], ...payload } }),
    headers: { "content-type": "application/json", origin: baseURL },
  });
  expect(response.status(), await response.text()).toBe(202);
  return ((await response.json()) as { ids: { bannerId: string } }).ids.bannerId;
}

async function openReader(browser: Browser, attributes: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${readerOrigin}/page?attrs=${encodeURIComponent(attributes)}`);
  return page;
}

/** Resolves once `page` has read a banners head that carries `marker` (so its absence on screen is a decision). */
function headWith(page: Page, marker: string) {
  return page.waitForResponse(async (response) => response.url().endsWith("/banners/latest.json") && response.status() === 200 && (await response.text()).includes(marker), { timeout: 30_000 });
}

test("an urgent banner for Ohio appears within 10 s of publishing on a page with data-state=OH, and never with data-state=CA", async ({ browser, baseURL }) => {
  const marker = unique("ohio");
  const ohio = await openReader(browser, 'data-ballast-banners="homepage" data-state="OH"');
  const california = await openReader(browser, 'data-ballast-banners="homepage" data-state="CA"');
  const californiaSawIt = headWith(california, marker);
  await sendBanner(baseURL!, { messageHtml: `<strong>Polls in Ohio</strong> close at 7:30 ${marker}`, severity: "urgent", targeting: "states", states: ["OH"], priority: 500 });

  const banner = ohio.locator(".ballast-banner--urgent", { hasText: marker });
  await expect(banner).toBeVisible({ timeout: 10_000 });
  await expect(banner).toHaveAttribute("role", "alert");
  await californiaSawIt;
  await expect(california.getByText(marker)).toHaveCount(0);
});

test("a ZIP-prefix banner matches data-zip", async ({ browser, baseURL }) => {
  const marker = unique("zip");
  const columbus = await openReader(browser, 'data-ballast-banners="homepage" data-zip="43215"');
  const beverlyHills = await openReader(browser, 'data-ballast-banners="homepage" data-zip="90210"');
  const elsewhereSawIt = headWith(beverlyHills, marker);
  await sendBanner(baseURL!, { messageHtml: `Central Ohio: early voting centres ${marker}`, severity: "info", targeting: "zip_prefixes", zipPrefixes: ["432"] });
  await expect(columbus.getByText(marker)).toBeVisible({ timeout: 10_000 });
  await elsewhereSawIt;
  await expect(beverlyHills.getByText(marker)).toHaveCount(0);
});

/** `npm run workers -- <args>` in the e2e launcher's data folder, as an operator types it. */
function workersCli(...args: string[]): Promise<string> {
  const dataDir = test.info().config.webServer?.env?.BALLAST_DATA_DIR;
  expect(dataDir, "the data folder of the launcher started by playwright.config.ts").toBeTruthy();
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "workers", "--", ...args], {
      cwd: projectRoot,
      env: childEnv({ BALLAST_DATA_DIR: dataDir, DATABASE_URL: embeddedDatabaseUrl(dataDir!) ?? "", LOG_LEVEL: "warn" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`workers ${args.join(" ")} exited ${code}: ${output}`))));
  });
}

test("a scheduled banner appears at its start and disappears at its end with no publish in between, with the workers stopped", async ({ browser, baseURL }) => {
  const marker = unique("scheduled");
  const startsAt = Date.now() + 2 * 3_600_000;
  const endsAt = startsAt + 3_600_000;
  await sendBanner(baseURL!, { messageHtml: `Polls open at seven ${marker}`, severity: "warning", startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() });
  await expect.poll(async () => (await (await admin.request.get("/cdn/banners/latest.json")).text()).includes(marker), { timeout: 30_000 }).toBe(true);

  expect(await workersCli("pause")).toContain("Workers paused");
  try {
    const publishedBefore = await (await admin.request.get("/cdn/banners/latest.json")).text();
    const context = await browser.newContext();
    const reader = await context.newPage();
    await reader.clock.install({ time: Date.now() });
    await reader.goto(`${readerOrigin}/page?attrs=${encodeURIComponent('data-ballast-banners="homepage"')}`);
    await expect(reader.locator(".ballast-banners")).toBeAttached({ timeout: 10_000 });
    await expect(reader.getByText(marker)).toHaveCount(0);

    await reader.clock.fastForward(startsAt - Date.now() + 60_000);
    await expect(reader.getByText(marker)).toBeVisible({ timeout: 10_000 });
    await reader.clock.fastForward(endsAt - startsAt);
    await expect(reader.getByText(marker)).toHaveCount(0, { timeout: 10_000 });
    // Nothing was published meanwhile: the reader's clock alone switched it on and off.
    expect(await (await admin.request.get("/cdn/banners/latest.json")).text()).toBe(publishedBefore);
    await context.close();
  } finally {
    await workersCli("resume");
  }
});
