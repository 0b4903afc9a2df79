// `npm run bench` (newsroom): widget size, editor click -> entry visible in a reader's widget (default 5 s poll
// included), and the static page of a 1,000-entry blog: size, render time, full publish time, load in Chromium.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { randomUUID } from "node:crypto";
import { chromium, type Page } from "@playwright/test";
import pg from "pg";
import { FilePublisher } from "../publishers/file";
import { buildWidget } from "../widgets/build-widget";
import { hashPassword } from "../lib/auth/password";
import { createDb } from "../lib/db";
import { createLiveBlog } from "../lib/liveblogs/create-liveblog";
import { publishLiveBlog } from "../lib/publishing/publish-liveblog";
import { PAGE_SIZE } from "../lib/render/render-archive-page";
import { renderLiveBlogPage } from "../lib/render/render-liveblog-page";
import { ZLiveBlogHeadSchema } from "../lib/render/schemas";
import { createFreshDatabase } from "../test/support/fresh-database";
import { launchBallast } from "../test/support/launch-ballast";

const PORT = 3192;
const BASE = `http://localhost:${PORT}`;
const ADMIN = { email: "bench-newsroom@example.com", password: "bench-newsroom-password-1" };
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function launchBrowser() {
  return chromium.launch(fs.existsSync(CHROMIUM) ? { executablePath: CHROMIUM, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS });
}

async function measureWidget() {
  const { entry, banners } = await buildWidget();
  console.log(`widget entry (widgets/${entry.fileName}, live blog): ${kb(Buffer.byteLength(entry.code))} minified, ${entry.gzipBytes.toLocaleString("en-US")} bytes gzipped (budget 5,120)`);
  console.log(`widget banners (widgets/${banners.fileName}, lazy): ${kb(Buffer.byteLength(banners.code))} minified, ${banners.gzipBytes.toLocaleString("en-US")} bytes gzipped; with the entry ${(entry.gzipBytes + banners.gzipBytes).toLocaleString("en-US")} (budget 8,192)`);
}

async function measureStaticPage(browser: Awaited<ReturnType<typeof launchBrowser>>) {
  const database = await createFreshDatabase({ namePrefix: "ballast-bench-page" });
  const db = createDb(database.url);
  const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-bench-page-"));
  try {
    const editor = await db.user.create({ data: { email: "page@example.com", name: "Page Bench", role: "editor", passwordHash: await hashPassword("page-bench-password-1") } });
    const blog = await createLiveBlog(db, { actorId: editor.id, input: { title: "A thousand updates", slug: "thousand", status: "live" } });
    const entries = 1_000;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `INSERT INTO entries (id, live_blog_id, seq, body, kind, author_id, created_at, updated_at)
       SELECT gen_random_uuid(), $1, s, '<p>Update <strong>' || s || '</strong>: ' || repeat('turnout reports from the precincts ', 8) || '</p>',
              (CASE WHEN s % 25 = 0 THEN 'key_event' ELSE 'post' END)::"EntryKind", $2, now() - (($3 - s) || ' seconds')::interval, now() - (($3 - s) || ' seconds')::interval
       FROM generate_series(1, $3) AS s`,
      [blog.id, editor.id, entries],
    );
    await client.query(`INSERT INTO live_blog_pages (live_blog_id, page_no, content_version, entry_count) SELECT $1, p, 1, $2 FROM generate_series(1, $3::int) AS p`, [blog.id, PAGE_SIZE, entries / PAGE_SIZE]);
    await client.query(`UPDATE live_blogs SET next_entry_seq = $2, version = version + 1 WHERE id = $1`, [blog.id, entries + 1]);
    await client.end();

    const publisher = new FilePublisher(publicDir);
    const started = performance.now();
    const outcome = await publishLiveBlog(db, { liveBlogId: blog.id, publisher });
    const publishMs = performance.now() - started;
    const html = fs.readFileSync(path.join(publicDir, "liveblogs/thousand/index.html"));
    const head = ZLiveBlogHeadSchema.parse(JSON.parse(fs.readFileSync(path.join(publicDir, "liveblogs/thousand/latest.json"), "utf8")));
    const renderTimes = Array.from({ length: 30 }, () => {
      const t = performance.now();
      renderLiveBlogPage(head, { pageUrl: "https://cdn.example.com/liveblogs/thousand/index.html", headUrl: "latest.json", widgetUrl: "../../widgets/ballast.js" });
      return performance.now() - t;
    });

    // Chromium loading the page from a plain static server, JavaScript off (what a crawler or a no-JS reader gets).
    const server = http.createServer((request, response) => {
      const file = path.join(publicDir, decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
      if (!file.startsWith(publicDir) || !fs.existsSync(file)) return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript" : "application/json" }).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const pageUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/liveblogs/thousand/index.html`;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const loads: number[] = [];
    for (let run = 0; run < 10; run++) {
      const page = await context.newPage();
      await page.goto(pageUrl, { waitUntil: "load" });
      loads.push(await page.evaluate(() => { const [nav] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[]; return nav ? nav.loadEventEnd - nav.startTime : Number.NaN; }));
      await page.close();
    }
    await context.close();
    server.close();

    console.log(`static page of a ${entries.toLocaleString("en-US")}-entry blog (liveblogs/<slug>/index.html: ${head.entries.length} newest entries server-rendered, ${head.pages.length} archive pages behind "Load older")`);
    console.log(`  size ${kb(html.length)}, ${kb(gzipSync(html).length)} gzipped; renderLiveBlogPage p50 ${median(renderTimes).toFixed(1)} ms`);
    console.log(`  full first publish (${outcome.status === "published" ? outcome.keys.length : 0} objects incl. every archive page): ${publishMs.toFixed(0)} ms`);
    console.log(`  Chromium load (JavaScript off) p50 ${median(loads).toFixed(1)} ms`);
  } finally {
    await db.$disconnect();
    await database.drop();
    fs.rmSync(publicDir, { recursive: true, force: true });
  }
}

async function measureClickToWidget(browser: Awaited<ReturnType<typeof launchBrowser>>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-bench-newsroom-"));
  fs.chmodSync(dataDir, 0o755);
  const launcher = launchBallast({ DATABASE_URL: "", BALLAST_DATA_DIR: dataDir, PORT: String(PORT), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  await launcher.ready;
  try {
    const editor = await (await browser.newContext({ baseURL: BASE })).newPage();
    await editor.goto("/login");
    await editor.getByLabel("Email").fill(ADMIN.email);
    await editor.getByLabel("Password").fill(ADMIN.password);
    await editor.getByRole("button", { name: "Sign in" }).click();
    await editor.waitForURL(/\/admin/);
    const slug = `bench-${randomUUID().slice(0, 8)}`;
    await editor.goto("/admin/liveblogs/new");
    await editor.getByLabel("Title").fill("Bench night");
    await editor.getByLabel(/^Slug/).fill(slug);
    // New blogs are private drafts unless created live.
    await editor.getByLabel("Go live now").check();
    await editor.getByRole("button", { name: "Create live blog" }).click();
    await editor.getByRole("heading", { name: "Bench night" }).waitFor();

    // The reader's page on another (local) site: only the embed snippet.
    const readerSite = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><body><script src="${BASE}/cdn/widgets/ballast.js" data-ballast-liveblog="${BASE}/cdn/liveblogs/${slug}/latest.json"></script></body>`);
    });
    await new Promise<void>((resolve) => readerSite.listen(0, "127.0.0.1", resolve));
    const readerAddress = readerSite.address();
    const reader: Page = await (await browser.newContext()).newPage();
    reader.on("crash", () => console.error("the reader page crashed"));
    await reader.goto(`http://127.0.0.1:${typeof readerAddress === "object" && readerAddress ? readerAddress.port : 0}/story`);
    // The reader clicks "N new updates" as soon as it shows; each entry's first appearance is time-stamped.
    // A string, not a function: tsx's name-keeping helpers do not exist inside the page.
    await reader.evaluate(`(() => {
      const seen = {};
      window.__seen = seen;
      const look = () => {
        const button = document.querySelector("button.ballast-new");
        if (button && !button.hidden && button.offsetParent !== null) button.click();
        for (const article of document.querySelectorAll("article.ballast-entry")) {
          const match = /Bench post \\d+/.exec(article.textContent || "");
          if (match && !(match[0] in seen)) seen[match[0]] = Date.now();
        }
      };
      // Child-list and text changes only: clicking the button must not retrigger the observer through attributes.
      new MutationObserver(() => queueMicrotask(look)).observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);

    const box = editor.getByRole("textbox", { name: "New entry" });
    const clickedAt = new Map<string, number>();
    const posts = 50;
    for (let index = 0; index < posts; index++) {
      const text = `Bench post ${index}`;
      await box.click();
      await box.pressSequentially(text, { delay: 0 });
      clickedAt.set(text, Date.now());
      await editor.getByRole("button", { name: "Post entry" }).click();
      await editor.waitForTimeout(1_000);
    }
    const deadline = Date.now() + 30_000;
    let seen: Record<string, number> = {};
    while (Date.now() < deadline) {
      seen = await reader.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
      if (Object.keys(seen).length >= posts) break;
      await reader.waitForTimeout(250);
    }
    const latencies = [...clickedAt].filter(([text]) => text in seen).map(([text, at]) => seen[text]! - at);
    readerSite.close();
    console.log(`editor click -> entry visible in a reader's widget (${latencies.length}/${posts} posts, default 5 s poll)`);
    console.log(`  p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s   p90 ${(percentile(latencies, 90) / 1000).toFixed(2)} s   max ${(Math.max(...latencies) / 1000).toFixed(2)} s`);
  } finally {
    await launcher.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log("\nBallast newsroom benchmark (widget, static page, click to reader)\n");
  await measureWidget();
  const browser = await launchBrowser();
  try {
    await measureStaticPage(browser);
    await measureClickToWidget(browser);
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
