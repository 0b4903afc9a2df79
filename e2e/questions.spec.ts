// Reader questions on the shared e2e server: a reader asks in the widget (keyboard and screen-reader friendly), an
// editor moderates with a live count and approves, the widget shows it; the 11th question in a minute is refused
// with a clear message; the honeypot drops bots silently; CORS answers only the blog's own origins.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { solveProofOfWork, type TChallenge } from "../lib/questions/proof-of-work";
import { ADMIN, E2E_BASE, createLiveBlog, signIn, unique } from "./helpers";

const ORIGIN = new URL(E2E_BASE).origin;

async function switchQuestionsOn(page: Page, slug: string, origins = "") {
  await page.goto(`/admin/liveblogs/${slug}`);
  await page.getByText("Settings", { exact: true }).click();
  const form = page.getByRole("form", { name: "Reader questions" });
  await form.getByLabel(/Readers can ask questions/).check();
  if (origins) await form.getByLabel(/Sites that embed this blog/).fill(origins);
  await form.getByRole("button", { name: "Save question settings" }).click();
  await expect(form.getByRole("status")).toContainText("Saved: readers can ask questions");
  await expect(async () => {
    const head = await (await page.request.get(`/cdn/liveblogs/${slug}/latest.json`)).json();
    expect(head.questions?.accepting).toBe(true);
  }).toPass({ timeout: 30_000 });
}

/** What a script (or the widget) does: a challenge, the proof of work, the question. */
async function postQuestion(page: Page, slug: string, fields: Record<string, unknown>, origin = ORIGIN) {
  const url = `/api/public/liveblogs/${slug}/questions`;
  // A challenge from the blog's own origin (one refused to another origin has none to solve).
  const challenge = (await (await page.request.get(`${url}/challenge`, { headers: { Origin: ORIGIN } })).json()) as TChallenge;
  const id = (fields.id as string | undefined) ?? randomUUID();
  return page.request.post(url, { headers: { Origin: origin, "Content-Type": "application/json" }, data: { id, name: "Script", text: "A question", ...fields, pow: solveProofOfWork(challenge, id) } });
}

test("a reader asks in the widget by keyboard; the editor sees it with a live count, approves it, and readers see it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  const slug = unique("ask");
  await createLiveBlog(page, { title: "Ask us anything", slug });
  await switchQuestionsOn(page, slug);
  await page.goto(`/admin/liveblogs/${slug}`);
  await expect(page.getByTestId("questions-waiting-badge")).toHaveText("0 waiting");

  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`/cdn/liveblogs/${slug}/index.html`);
  const form = reader.getByRole("form", { name: "Ask a question" });
  await expect(form).toBeVisible();
  // The honeypot is out of reach: not in the tab order, hidden from screen readers.
  const trap = form.locator('input[name="website"]');
  await expect(trap).toHaveAttribute("tabindex", "-1");
  await expect(form.locator('[aria-hidden="true"] input[name="website"]')).toHaveCount(1);
  // Submitting empty says what is missing and moves focus there.
  await form.getByRole("button", { name: "Send question" }).click();
  await expect(form.getByLabel("Your name")).toBeFocused();
  await expect(form.getByLabel("Your name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Please enter your name.")).toBeVisible();
  const question = `When do polls close in Ohio? ${unique("q")}`;
  await reader.keyboard.type("Ada Reader");
  await reader.keyboard.press("Tab");
  await expect(form.getByLabel("Your question")).toBeFocused();
  await reader.keyboard.type(question);
  await reader.keyboard.press("Tab");
  await reader.keyboard.type("ada.reader@example.com");
  await reader.keyboard.press("Tab");
  await expect(form.getByRole("button", { name: "Send question" })).toBeFocused();
  await reader.keyboard.press("Enter");
  await expect(form.getByRole("status")).toHaveText("Thank you: your question was sent. The newsroom reads every question; some are published here.", { timeout: 30_000 });
  await expect(form.getByLabel("Your question")).toHaveValue("");

  // The blog's page counts it live (no reload); the moderation view lists it with the email, for the newsroom only.
  await expect(page.getByTestId("questions-waiting-badge")).toHaveText("1 waiting", { timeout: 30_000 });
  await page.getByRole("link", { name: "Reader questions" }).click();
  await expect(page.getByTestId("waiting-count")).toHaveText("1 waiting");
  const card = page.getByTestId("question").filter({ hasText: question });
  await expect(card.getByTestId("question-email")).toHaveText("ada.reader@example.com");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("waiting-count")).toHaveText("0 waiting");
  await expect(page.getByTestId("moderated-questions")).toContainText(question, { timeout: 15_000 });

  await expect(reader.locator(".ballast-question")).toContainText(question, { timeout: 30_000 });
  const head = await (await page.request.get(`/cdn/liveblogs/${slug}/latest.json`)).text();
  expect(head).toContain(question);
  expect(head).not.toContain("ada.reader@example.com");
});

test("the 11th question in a minute from one address gets a clear rate-limit message in the widget", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  const slug = unique("limit");
  await createLiveBlog(page, { title: "Rate limited", slug });
  await switchQuestionsOn(page, slug);
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`/cdn/liveblogs/${slug}/index.html`);
  const form = reader.getByRole("form", { name: "Ask a question" });
  await expect(form).toBeVisible();
  // Ten questions from the reader's own browser (so from the same address as its form), their proofs solved here.
  const url = `/api/public/liveblogs/${slug}/questions`;
  const challenge = (await (await page.request.get(`${url}/challenge`, { headers: { Origin: ORIGIN } })).json()) as TChallenge;
  const bodies = Array.from({ length: 10 }, (_, n) => {
    const id = randomUUID();
    return JSON.stringify({ id, name: "Busy reader", text: `Question ${n + 1}`, pow: solveProofOfWork(challenge, id) });
  });
  const statuses = await reader.evaluate(async ({ url, bodies }) => {
    const answers: number[] = [];
    for (const body of bodies) answers.push((await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body })).status);
    return answers;
  }, { url, bodies });
  expect(statuses).toEqual(Array(10).fill(202));
  await form.getByLabel("Your name").fill("Eleventh");
  await form.getByLabel("Your question").fill("One more?");
  await form.getByRole("button", { name: "Send question" }).click();
  await expect(form.getByRole("status")).toHaveText(/^You have sent a lot of questions in the last minute\. Please wait \d+ seconds? before sending another\.$/, { timeout: 30_000 });
  // What was typed is kept for later.
  await expect(form.getByLabel("Your question")).toHaveValue("One more?");
  const refused = await reader.evaluate(async ({ url, body }) => {
    const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    return { status: response.status, retryAfter: response.headers.get("Retry-After") };
  }, { url, body: bodies[0]! });
  expect(refused.status).toBe(429);
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
});

test("the honeypot drops bots silently: the same 202, and nothing to moderate", async ({ page }) => {
  await signIn(page, ADMIN);
  const slug = unique("honeypot");
  await createLiveBlog(page, { title: "Honeypot", slug });
  await switchQuestionsOn(page, slug);
  const bot = await postQuestion(page, slug, { name: "Bot", text: "BOT-QUESTION buy now", website: "http://spam.example" });
  expect(bot.status()).toBe(202);
  expect(await bot.json()).toMatchObject({ status: "received" });
  expect((await postQuestion(page, slug, { name: "Human", text: "HUMAN-QUESTION after the bot" })).status()).toBe(202);
  // Questions of one blog apply in order: once the human's is there, the bot's would have been too.
  await expect(async () => {
    const view = await (await page.request.get(`/api/liveblogs/${slug}/questions`)).json();
    expect(view.waiting.map((question: { text: string }) => question.text)).toEqual(["HUMAN-QUESTION after the bot"]);
  }).toPass({ timeout: 30_000 });
});

test("CORS: the blog's configured origin gets the preflight and the POST; another origin gets no CORS header and is refused", async ({ page }) => {
  await signIn(page, ADMIN);
  const slug = unique("cors");
  await createLiveBlog(page, { title: "CORS", slug });
  await switchQuestionsOn(page, slug, "https://news.example");
  const url = `/api/public/liveblogs/${slug}/questions`;
  const allowed = await page.request.fetch(url, { method: "OPTIONS", headers: { Origin: "https://news.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" } });
  expect(allowed.status()).toBe(204);
  expect(allowed.headers()["access-control-allow-origin"]).toBe("https://news.example");
  expect(allowed.headers()["access-control-allow-headers"]).toBe("Content-Type");
  const evil = await page.request.fetch(url, { method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" } });
  expect(evil.status()).toBe(403);
  expect(evil.headers()["access-control-allow-origin"]).toBeUndefined();
  const evilPost = await postQuestion(page, slug, { text: "From elsewhere" }, "https://evil.example");
  expect(evilPost.status()).toBe(403);
  expect(evilPost.headers()["access-control-allow-origin"]).toBeUndefined();
  expect((await postQuestion(page, slug, { text: "From the newsroom's site" }, "https://news.example")).status()).toBe(202);
  // A blog with questions off refuses them.
  const off = unique("off");
  await createLiveBlog(page, { title: "No questions", slug: off });
  expect((await page.request.post(`/api/public/liveblogs/${off}/questions`, { headers: { Origin: ORIGIN }, data: {} })).status()).toBe(404);
});
