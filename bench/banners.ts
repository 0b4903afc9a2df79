// `npm run bench` (banners): widget sizes gzipped (entry alone, lazy banners file, both), bytes of banners/latest.json
// with 200 banners, and publish -> visible in a reader's widget for an urgent banner (default 5 s poll included).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "@playwright/test";
import { renderBannerSet, type TStoredBanner } from "../lib/render/render-banner-set";
import { launchBallast } from "../test/support/launch-ballast";
import { buildWidget } from "../widgets/build-widget";

const PORT = 3193;
const BASE = `http://localhost:${PORT}`;
const ADMIN = { email: "bench-banners@example.com", password: "bench-banners-password-1" };
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const STATES = ["OH", "PA", "MI", "WI", "AZ", "GA", "NV", "NC", "FL", "TX"];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function measureWidget() {
  const { entry, banners } = await buildWidget();
  console.log(`widget gzipped: entry (live blog) ${entry.gzipBytes.toLocaleString("en-US")} B (budget 5,120); banners file ${banners.gzipBytes.toLocaleString("en-US")} B; both ${(entry.gzipBytes + banners.gzipBytes).toLocaleString("en-US")} B (budget 8,192)`);
}

/** 200 realistic banners: a sentence with a link, a call to action, state or ZIP targeting, a window. */
function measureBannerJson() {
  const now = Date.now();
  const banners: TStoredBanner[] = Array.from({ length: 200 }, (_, index) => ({
    id: randomUUID(),
    version: 1 + (index % 4),
    status: "published",
    messageHtml: `<strong>Polls in ${STATES[index % STATES.length]}</strong> close at 7:30 pm. <a href="https://vote.example.org/${index}">Find your polling place</a>.`,
    ctaLabel: "Find your polling place",
    ctaUrl: `https://vote.example.org/locate?banner=${index}`,
    severity: (["info", "warning", "urgent"] as const)[index % 3]!,
    placements: index % 2 ? ["homepage"] : ["sitewide"],
    targeting: index % 3 === 0 ? "everyone" : index % 3 === 1 ? "states" : "zip_prefixes",
    targetStates: [STATES[index % STATES.length]!, STATES[(index + 1) % STATES.length]!],
    targetZipPrefixes: ["432", "430", "441"],
    startsAt: new Date(now + (index % 10) * 3_600_000),
    endsAt: new Date(now + (index % 10) * 3_600_000 + 6 * 3_600_000),
    priority: index % 50,
    dismissible: index % 5 !== 0,
  }));
  const body = renderBannerSet({ version: 1, setId: "bench", banners, notice: null }, { publicBaseUrl: "https://cdn.example.com", widgetKey: "widgets/ballast.js", publishedAt: new Date(now) }).head.body;
  console.log(`banners/latest.json with 200 banners: ${Buffer.byteLength(body).toLocaleString("en-US")} B, ${gzipSync(body).length.toLocaleString("en-US")} B gzipped`);
}

async function measurePublishToWidget() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-bench-banners-"));
  fs.chmodSync(dataDir, 0o755);
  const launcher = launchBallast({ DATABASE_URL: "", BALLAST_DATA_DIR: dataDir, PORT: String(PORT), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  await launcher.ready;
  const browser = await chromium.launch(fs.existsSync(CHROMIUM) ? { executablePath: CHROMIUM, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS });
  const readerSite = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><body><h1>News</h1><script src="${BASE}/cdn/widgets/ballast.js" data-ballast-banners="homepage" data-state="OH" data-limit="50"></script></body>`);
  });
  try {
    const editor = await (await browser.newContext({ baseURL: BASE })).newPage();
    await editor.goto("/login");
    await editor.getByLabel("Email").fill(ADMIN.email);
    await editor.getByLabel("Password").fill(ADMIN.password);
    await editor.getByRole("button", { name: "Sign in" }).click();
    await editor.waitForURL(/\/admin/);

    await new Promise<void>((resolve) => readerSite.listen(0, "127.0.0.1", resolve));
    const address = readerSite.address();
    const reader: Page = await (await browser.newContext()).newPage();
    await reader.goto(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`);
    // Each urgent banner's first appearance is time-stamped in the page.
    await reader.evaluate(`(() => {
      const seen = {};
      window.__seen = seen;
      const look = () => {
        for (const banner of document.querySelectorAll(".ballast-banner--urgent")) {
          const match = /Bench banner \\d+/.exec(banner.textContent || "");
          if (match && !(match[0] in seen)) seen[match[0]] = Date.now();
        }
      };
      new MutationObserver(() => queueMicrotask(look)).observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);

    const sentAt = new Map<string, number>();
    const count = 20;
    for (let index = 0; index < count; index++) {
      const text = `Bench banner ${index}`;
      sentAt.set(text, Date.now());
      const response = await editor.request.post("/api/commands", {
        data: JSON.stringify({ type: "banner.create", payload: { messageHtml: `<strong>${text}</strong>: polls in Ohio close at 7:30`, severity: "urgent", placements: ["homepage"], targeting: "states", states: ["OH"], priority: index, status: "published" } }),
        headers: { "content-type": "application/json", origin: BASE },
      });
      if (response.status() !== 202) throw new Error(`banner.create answered ${response.status()}: ${await response.text()}`);
      await reader.waitForTimeout(3_000);
    }
    const deadline = Date.now() + 30_000;
    let seen: Record<string, number> = {};
    while (Date.now() < deadline) {
      seen = await reader.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
      if (Object.keys(seen).length >= count) break;
      await reader.waitForTimeout(250);
    }
    const latencies = [...sentAt].filter(([text]) => text in seen).map(([text, at]) => seen[text]! - at);
    console.log(`publish (API call) -> urgent banner visible in a reader's widget (${latencies.length}/${count} banners, default 5 s poll)`);
    console.log(`  p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s   p90 ${(percentile(latencies, 90) / 1000).toFixed(2)} s   max ${(Math.max(...latencies) / 1000).toFixed(2)} s`);
  } finally {
    readerSite.close();
    await browser.close();
    await launcher.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log("\nBallast banners benchmark (widget sizes, banner JSON, publish to reader)\n");
  await measureWidget();
  measureBannerJson();
  await measurePublishToWidget();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
