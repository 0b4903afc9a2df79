// Webhooks through the admin on the production build, against a receiver started by this spec on 127.0.0.2 (which
// playwright.config.ts allowlists for the e2e server, FETCH_ALLOWLIST=127.0.0.2). The receiver verifies every
// delivery's signature with the function the README gives receivers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { verifyWebhookSignature } from "../lib/webhooks/sign-webhook";
import { ADMIN, createLiveBlog, signIn, unique } from "./helpers";

const SECRET = "e2e-webhook-secret-7d41c9";
type TDelivery = { event: string; body: Record<string, unknown>; raw: string; verified: boolean; deliveryId: string };
const deliveries: TDelivery[] = [];
let server: http.Server;
let port = 0;

test.beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const verified = verifyWebhookSignature({ secret: SECRET, headers: request.headers, rawBody: raw }).ok;
      const body = JSON.parse(raw) as Record<string, unknown>;
      deliveries.push({ event: String(body.event), body, raw, verified, deliveryId: String(request.headers["ballast-delivery-id"]) });
      response.writeHead(verified ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.2", () => resolve()));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function openWebhook(page: Page, name: string) {
  // Settings are queued: reload until a worker has applied the command.
  await expect(async () => {
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("link", { name })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

test("an admin adds a webhook; a test event and a publish reach the receiver signed, the log shows them, Redeliver sends again", async ({ page }) => {
  // The receiver listens on 127.0.0.2: the e2e server must allowlist it (playwright.config.ts), or this test fails.
  expect(test.info().config.webServer?.env?.FETCH_ALLOWLIST ?? "").toContain("127.0.0.2");
  await signIn(page, ADMIN);
  await page.goto("/admin/webhooks");
  const form = page.getByRole("form", { name: "Add a webhook" });

  // A loopback address that is not allowlisted is refused on the URL field.
  await form.getByLabel("Name", { exact: true }).fill("Sneaky");
  await form.getByLabel(/^URL/).fill("http://127.0.0.1:9/hook");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(form.getByText(/refused: 127\.0\.0\.1 is a loopback address/).first()).toBeVisible();

  const name = unique("Newsroom bot");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel(/^URL/).fill(`http://127.0.0.2:${port}/hook`);
  await form.getByLabel(/^Secret/).fill(SECRET);
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByText("Queued: the webhook is saved in a moment.")).toBeVisible();
  await openWebhook(page, name);

  await page.getByRole("button", { name: "Send a test event" }).click();
  await expect(page.getByText("Test event queued")).toBeVisible();
  await expect.poll(() => deliveries.filter((delivery) => delivery.event === "test").length, { timeout: 20_000 }).toBe(1);

  const slug = unique("hooked");
  await createLiveBlog(page, { title: "Hooked blog", slug });
  await expect.poll(() => deliveries.filter((delivery) => delivery.event === "published").length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  const published = deliveries.find((delivery) => delivery.event === "published")!;
  expect(published.body).toMatchObject({ kind: "liveblog", version: expect.any(Number) });
  expect(published.body.urls).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`/liveblogs/${slug}/latest\\.json$`))]));
  expect(deliveries.every((delivery) => delivery.verified)).toBe(true);

  await openWebhook(page, name);
  const log = page.getByTestId("delivery-log");
  await expect(async () => {
    await page.reload();
    await expect(log.locator('[data-delivery-status="succeeded"]')).toHaveCount(deliveries.length, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(log.getByTestId("delivery-status-code").first()).toHaveText("200");

  const before = deliveries.length;
  await log.getByRole("row").filter({ hasText: "published" }).first().getByRole("button", { name: "Redeliver" }).click();
  await expect(page.getByText("Queued for redelivery.")).toBeVisible();
  await expect.poll(() => deliveries.length, { timeout: 20_000 }).toBe(before + 1);
  const redelivered = deliveries.at(-1)!;
  expect(redelivered.verified).toBe(true);
  expect(redelivered.event).toBe("published");
  // The same body as an earlier delivery, under a new delivery id.
  expect(deliveries.some((delivery) => delivery.deliveryId !== redelivered.deliveryId && delivery.raw === redelivered.raw)).toBe(true);
});
