// The admin server answers editors' posts and /cdn files itself, before Next.js (bin/admin-server.ts): these check
// that its answers are the product's — clear errors, the admin's headers, and the CDN's caching and safety rules.
import { expect, test } from "@playwright/test";
import { ADMIN, createLiveBlog, signIn, unique } from "./helpers";

test("an entry post answered by the admin server: 202 with the admin's headers, and clear errors for bad requests", async ({ page }) => {
  await signIn(page, ADMIN);
  const slug = unique("fast-post");
  await createLiveBlog(page, { title: "Admin server posts", slug });
  const url = `/api/liveblogs/${slug}/entries`;

  const accepted = await page.request.post(url, { data: { body: "Through the admin server" } });
  expect(accepted.status()).toBe(202);
  expect(await accepted.json()).toMatchObject({ status: "queued", commandId: expect.stringMatching(/^[0-9a-f-]{36}$/), statusUrl: expect.stringMatching(/^\/api\/commands\//) });
  expect(accepted.headers()).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin", "cache-control": "no-store" });
  expect(accepted.headers()["server-timing"]).toMatch(/auth;dur=[\d.]+, lookup;dur=[\d.]+, queue;dur=[\d.]+/);

  const formPost = await page.request.post(url, { data: "body=sneaky", headers: { "content-type": "application/x-www-form-urlencoded" } });
  expect(formPost.status()).toBe(400);
  expect((await formPost.json()).error).toContain("Content-Type: application/json");

  const brokenJson = await page.request.post(url, { data: Buffer.from('{"body": '), headers: { "content-type": "application/json" } });
  expect(brokenJson.status()).toBe(400);
  expect((await brokenJson.json()).error).toBe("The request body is not valid JSON.");

  const tooLong = await page.request.post(url, { data: { body: "x".repeat(50_001) } });
  expect(tooLong.status()).toBe(400);
  expect((await tooLong.json()).fieldErrors.body).toContain("at most 50,000 characters");

  const oversized = await page.request.post(url, { data: { body: "x".repeat(1_200_000) } });
  expect(oversized.status()).toBe(400);
  expect((await oversized.json()).error).toBe("The request body is larger than 1024 KB.");

  const unknownBlog = await page.request.post(`/api/liveblogs/no-such-${slug}/entries`, { data: { body: "Lost" } });
  expect(unknownBlog.status()).toBe(404);
  expect((await unknownBlog.json()).error).toContain(`No live blog with the slug "no-such-${slug}"`);

  // Only the first post was accepted: it is the one published.
  await expect
    .poll(async () => {
      const head = await page.request.get(`/cdn/liveblogs/${slug}/latest.json`);
      return head.ok() ? (await head.json()).entries.map((entry: { html: string }) => entry.html) : null;
    })
    .toEqual(["Through the admin server"]);
});

test("published files under /cdn: the CDN's headers, CSP on pages, ETag revalidation, HEAD, and 404 for missing files and traversal", async ({ page }) => {
  await signIn(page, ADMIN);
  const slug = unique("fast-cdn");
  await createLiveBlog(page, { title: "Admin server files", slug });
  await expect.poll(async () => (await page.request.get(`/cdn/liveblogs/${slug}/latest.json`)).status()).toBe(200);

  const head = await page.request.get(`/cdn/liveblogs/${slug}/latest.json`);
  expect(head.headers()).toMatchObject({ "content-type": expect.stringContaining("application/json"), "access-control-allow-origin": "*", "x-content-type-options": "nosniff" });
  expect(head.headers()["cache-control"]).toMatch(/max-age=\d+/);
  const etag = head.headers()["etag"]!;
  expect(etag).toMatch(/^"[\w-]+"$/);
  expect((await page.request.get(`/cdn/liveblogs/${slug}/latest.json`, { headers: { "if-none-match": etag } })).status()).toBe(304);

  const headOnly = await page.request.head(`/cdn/liveblogs/${slug}/latest.json`);
  expect(headOnly.status()).toBe(200);
  expect(Number(headOnly.headers()["content-length"])).toBe((await head.body()).length);
  expect((await headOnly.body()).length).toBe(0);

  const staticPage = await page.request.get(`/cdn/liveblogs/${slug}/index.html`);
  expect(staticPage.headers()["content-type"]).toContain("text/html");
  expect(staticPage.headers()["content-security-policy"]).toContain("script-src 'self'");

  expect((await page.request.get(`/cdn/liveblogs/${slug}/missing.json`)).status()).toBe(404);
  for (const attempt of ["/cdn/..%2F..%2F..%2Fetc%2Fpasswd", "/cdn/liveblogs/%2E%2E/%2E%2E/package.json"]) {
    const response = await page.request.get(attempt);
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain("root:");
  }
});

test("malformed URLs get 400 or 404, never 500; text the database would refuse gets a 400 naming the field", async ({ page, baseURL }) => {
  await signIn(page, ADMIN);
  const slug = unique("refuse");
  await createLiveBlog(page, { title: "Refused at the door", slug });

  for (const bad of ["%00", "%ff", "%c0%ae", "a%00b", "%ed%a0%80"]) {
    for (const [method, url] of [
      ["GET", `/admin/liveblogs/${bad}`],
      ["GET", `/api/liveblogs/${bad}/stream`],
      ["POST", `/api/liveblogs/${bad}/entries`],
    ] as const) {
      const response = method === "GET" ? await page.request.get(url) : await page.request.post(url, { data: { body: "<p>Lost</p>" } });
      expect([400, 404], `${method} ${url} answered ${response.status()}`).toContain(response.status());
    }
  }
  for (const path of ["/cdn/%c0%ae", "/cdn/%ff", "/cdn/liveblogs/%00/latest.json", `/cdn/liveblogs/${slug}/missing.json`]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
  }

  const entries = `/api/liveblogs/${slug}/entries`;
  const json = { "content-type": "application/json" };
  const surrogate = await page.request.post(entries, { data: Buffer.from('{"body": "<p>Polls \\ud800 close</p>"}'), headers: json });
  expect(surrogate.status()).toBe(400);
  expect((await surrogate.json()).fieldErrors.body).toMatch(/Entry text contains a broken character \(a lone surrogate\)/);
  const nul = await page.request.post(entries, { data: Buffer.from('{"body": "<p>a\\u0000b</p>"}'), headers: json });
  expect(nul.status()).toBe(400);
  expect((await nul.json()).fieldErrors.body).toMatch(/NUL/);

  const title = await page.request.post("/api/commands", {
    data: Buffer.from(JSON.stringify({ type: "liveblog.create", payload: { title: "Night\u0000", slug: unique("nul-title") } })),
    headers: { ...json, origin: baseURL! },
  });
  expect(title.status()).toBe(400);
  expect((await title.json()).fieldErrors["payload.title"]).toMatch(/Title contains a NUL character/);

  // Nothing of it was queued: the blog's other posts are not held up.
  const fine = await page.request.post(entries, { data: { body: "<p>Right behind</p>" } });
  expect(fine.status()).toBe(202);
  const { statusUrl } = (await fine.json()) as { statusUrl: string };
  await expect.poll(async () => ((await (await page.request.get(statusUrl)).json()) as { status: string }).status, { timeout: 10_000 }).toBe("published");
});
