import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, createUserAsAdmin, signIn, unique } from "./helpers";

// Vendor feeds through the admin, against local HTTP servers started by this spec. The vendor listens on 127.0.0.2,
// which playwright.config.ts allowlists for the e2e server (FETCH_ALLOWLIST=127.0.0.2). The canary on 127.0.0.1 is
// never allowlisted: it must see no connection.
const vendorAllowlisted = () => (test.info().config.webServer?.env?.FETCH_ALLOWLIST ?? "").split(",").some((entry) => entry.trim() === "127.0.0.2");

type TServer = { port: number; connections: number; requests: http.IncomingMessage[]; close: () => Promise<void> };

async function listen(host: string, handler: http.RequestListener): Promise<TServer> {
  const server = http.createServer(handler);
  const state: TServer = { port: 0, connections: 0, requests: [], close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
  server.on("connection", () => state.connections++);
  server.on("request", (request) => state.requests.push(request));
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

async function signInAsNewEditor(browser: Browser, admin: Page): Promise<Page> {
  const editor = { name: "Feed editor", email: `${unique("feed-editor")}@example.com`, role: "editor", password: "feed-editor-password-123" };
  await createUserAsAdmin(admin, editor);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, editor);
  return page;
}

async function createFeedInAdmin(page: Page, feed: { name: string; url: string; itemsPointer?: string; mapping?: string; header?: { name: string; value: string } }) {
  await page.goto("/admin/feeds");
  await page.getByRole("link", { name: "New feed" }).click();
  await expect(page.getByRole("heading", { name: "New feed" })).toBeVisible();
  await page.getByLabel(/^Name/).fill(feed.name);
  await page.getByLabel("Source URL").fill(feed.url);
  if (feed.itemsPointer) await page.getByLabel("Items pointer (optional)").fill(feed.itemsPointer);
  if (feed.mapping) await page.getByLabel("Mapping (optional)").fill(feed.mapping);
  await page.getByLabel("Schedule (cron)").fill("*/30 * * * *");
  if (feed.header) {
    await page.getByLabel("Header name").fill(feed.header.name);
    await page.getByLabel(/^Value/).fill(feed.header.value);
  }
  await page.getByRole("button", { name: "Create feed" }).click();
  // Applied: the form opens the feed's page.
  await expect(page.getByRole("heading", { name: feed.name })).toBeVisible({ timeout: 15_000 });
}

test("a feed at a loopback address is refused and the admin shows why; the canary sees no connection", async ({ browser }) => {
  const canary = await listen("127.0.0.1", (_request, response) => response.end("canary"));
  try {
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, ADMIN);
    const page = await signInAsNewEditor(browser, admin);
    const name = unique("canary-feed");
    await createFeedInAdmin(page, { name, url: `http://2130706433:${canary.port}/latest.json` });
    await expect(page.getByTestId("feed-last-error")).toContainText("refused: 127.0.0.1 is a loopback address", { timeout: 15_000 });
    await expect(page.getByTestId("feed-run")).toHaveCount(1);
    expect(canary.connections).toBe(0);
    expect((await page.request.get(`/cdn/feeds/${name}.json`)).status()).toBe(404);
  } finally {
    await canary.close();
  }
});

test("an editor creates a feed to a vendor: mapped data is published with its secret header sent, a failure keeps the last good copy", async ({ browser }) => {
  expect(vendorAllowlisted(), "playwright.config.ts gives the e2e server FETCH_ALLOWLIST=127.0.0.2").toBe(true);
  test.setTimeout(120_000);
  const secret = `key-${unique("s")}`;
  let failing = false;
  const vendor = await listen("127.0.0.2", (_request, response) => {
    if (failing) return void response.writeHead(500).end("vendor down");
    response.writeHead(200, { "content-type": "application/json", etag: '"e1"' }).end(JSON.stringify({ results: [{ candidate: { name: "Ada" }, votes: 120 }, { candidate: { name: "Grace" }, votes: 98 }] }));
  });
  try {
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, ADMIN);
    const page = await signInAsNewEditor(browser, admin);
    const name = unique("results");
    await createFeedInAdmin(page, { name, url: `http://127.0.0.2:${vendor.port}/results.json`, itemsPointer: "/results", mapping: "/candidate/name -> name\n/votes -> votes", header: { name: "X-Api-Key", value: secret } });

    await expect(page.getByTestId("feed-outcome")).toHaveText("New content published", { timeout: 15_000 });
    await expect(page.getByTestId("feed-public-url")).toContainText(`/feeds/${name}.json`);
    await expect.poll(async () => (await page.request.get(`/cdn/feeds/${name}.json`)).status(), { timeout: 15_000 }).toBe(200);
    const published = (await (await page.request.get(`/cdn/feeds/${name}.json`)).json()) as { name: string; data: unknown };
    expect(published).toMatchObject({ name, data: [{ name: "Ada", votes: 120 }, { name: "Grace", votes: 98 }] });
    expect(vendor.requests.at(-1)?.headers["x-api-key"]).toBe(secret);
    // Write-only: the header shows as set, never its value.
    await expect(page.getByTestId("stored-header")).toContainText("X-Api-Key");
    expect(await page.content()).not.toContain(secret);

    failing = true;
    await page.getByRole("button", { name: "Run now" }).click();
    await expect(page.getByTestId("feed-last-error")).toContainText("the vendor answered HTTP 500", { timeout: 15_000 });
    expect((await (await page.request.get(`/cdn/feeds/${name}.json`)).json()) as unknown).toMatchObject({ data: [{ name: "Ada", votes: 120 }, { name: "Grace", votes: 98 }] });
    await page.goto("/admin/feeds");
    await expect(page.getByTestId("feed-row").filter({ hasText: name }).getByTestId("feed-last-error")).toContainText("HTTP 500");
  } finally {
    await vendor.close();
  }
});
