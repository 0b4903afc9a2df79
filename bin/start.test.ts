// The launcher behind `npm start`, run for real: embedded Postgres by default, DATABASE_URL when set.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { launchBallast, type TLaunchedBallast } from "../test/support/launch-ballast";

const tempDirs: string[] = [];
const launched: ChildProcess[] = [];
afterAll(async () => {
  // A failed assertion must not leave a launcher (and its Postgres) running.
  await Promise.all(launched.filter((child) => child.exitCode === null).map((child) => new Promise((resolve) => child.once("exit", resolve).kill("SIGINT"))));
  tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});

function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-launcher-test-"));
  fs.chmodSync(dir, 0o755); // so a root run keeps the cluster inside it rather than in the temp-dir fallback
  tempDirs.push(dir);
  return dir;
}

function launch(env: Record<string, string>): TLaunchedBallast {
  const run = launchBallast({ ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, ...env });
  launched.push(run.child);
  return run;
}

function postgresProcessesFor(dataDir: string): string[] {
  return fs
    .readdirSync("/proc")
    .filter((pid) => /^\d+$/.test(pid))
    .map((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      } catch {
        return "";
      }
    })
    .filter((cmdline) => cmdline.includes("postgres") && cmdline.includes(dataDir));
}

describe("npm start", () => {
  it("starts an embedded Postgres, prints the admin URL and first-login credentials, stops cleanly on Ctrl-C, and reuses its data", async () => {
    const dataDir = freshDataDir();
    const first = launch({ BALLAST_DATA_DIR: dataDir, PORT: "3201", DATABASE_URL: "" });
    await first.ready;
    expect(first.output()).toContain("Admin:      http://localhost:3201/login");
    expect(first.output()).toMatch(/First login: admin@example\.com\n\s+Password:\s+\S{12,}/);
    expect((await fetch("http://127.0.0.1:3201/api/health")).status).toBe(200);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    expect(await first.stop()).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    const second = launch({ BALLAST_DATA_DIR: dataDir, PORT: "3201", DATABASE_URL: "" });
    await second.ready;
    expect(second.output()).not.toContain("Initialising a new database cluster");
    expect(second.output()).not.toContain("First login");
    expect(await second.stop()).toBe(0);
  }, 120_000); // two full starts, the first with initdb, on a busy 2-core machine

  it("uses the Postgres at DATABASE_URL and starts no embedded one", async () => {
    const dataDir = freshDataDir();
    const run = launch({ BALLAST_DATA_DIR: dataDir, PORT: "3202", DATABASE_URL: inject("databaseUrl") });
    await run.ready;
    expect(run.output()).toContain("Using the Postgres at DATABASE_URL.");
    expect(fs.existsSync(path.join(dataDir, "postgres"))).toBe(false);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(await run.stop()).toBe(0);
  });
});
