import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// E2E runs `npm start`'s launcher for real: embedded Postgres, migrations, first admin, Next.js, worker.
// eslint-disable-next-line no-restricted-properties -- test-runner wiring: another checkout may run its suite beside this one
const port = Number((process.env.BALLAST_E2E_PORT ??= "3100"));
// Workers load this file again and inherit the runner's environment: they reuse its folder, so a spec can reach the
// e2e database through testInfo.config.webServer.env (see e2e/api-tokens.spec.ts).
// eslint-disable-next-line no-restricted-properties -- test-runner wiring, not an app setting
const dataDir = (process.env.BALLAST_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "ballast-e2e-")));
fs.chmodSync(dataDir, 0o755); // root runs keep the embedded cluster inside it

const systemChromium = "/usr/bin/chromium";
const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: fs.existsSync(systemChromium) ? { executablePath: systemChromium, args: chromiumArgs } : { args: chromiumArgs },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node --import tsx bin/start.ts",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(port),
      BALLAST_DATA_DIR: dataDir,
      DATABASE_URL: "",
      ADMIN_EMAIL: "e2e-admin@example.com",
      ADMIN_PASSWORD: "e2e-admin-password-123",
      LOG_LEVEL: "warn",
      // The feeds spec's vendor listens on 127.0.0.2; its loopback canary on 127.0.0.1 stays refused.
      FETCH_ALLOWLIST: "127.0.0.2",
    },
  },
});
