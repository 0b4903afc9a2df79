// The launcher behind `npm start`, run for real: embedded Postgres by default (supervised: restarted if it dies),
// DATABASE_URL when set.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { embeddedDatabaseUrl } from "../lib/db/embedded-postgres";
import { launchBallast, type TLaunchedBallast } from "../test/support/launch-ballast";
import { canConnect } from "../test/support/can-connect";

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

// Signs in as a browser would (CSRF token, then the credentials callback) and returns the session cookie header.
async function signIn(base: string, credentials: { email: string; password: string }): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const separator = pair!.indexOf("=");
      jar.set(pair!.slice(0, separator).trim(), pair!.slice(separator + 1));
    }
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  remember(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, ...credentials, callbackUrl: `${base}/admin` }).toString(),
  });
  remember(response);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) throw new Error(`sign-in failed (${response.status})`);
  return cookie();
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

const postmasterPid = (dataDir: string) => Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);

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

  it("says in one line, with no stack, that the Postgres at DATABASE_URL cannot be reached, and exits 1", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const run = launch({ BALLAST_DATA_DIR: freshDataDir(), PORT: "3208", DATABASE_URL: `postgresql://ballast:secret@127.0.0.1:${closed}/ballast` });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`[ballast] Could not start: Cannot reach Postgres at 127.0.0.1:${closed} (connection refused). Is it running?\n`);
    expect(run.output()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.output()).not.toContain("secret");
  });

  it("restarts the embedded Postgres within 10 s of a kill -9, on the same port, and publishes a post made while it was down", async () => {
    const dataDir = freshDataDir();
    const base = "http://127.0.0.1:3207";
    const admin = { email: "supervisor-admin@example.com", password: "supervisor-password-1" };
    const run = launch({ BALLAST_DATA_DIR: dataDir, PORT: "3207", DATABASE_URL: "", ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, LOG_LEVEL: "info" });
    await run.ready;
    const cookie = await signIn(base, admin);

    // A live blog, created and set live through the API, and published once.
    const slug = `supervised-${Date.now()}`;
    const sendCommand = async (type: string, payload: Record<string, unknown>) => {
      const response = await fetch(`${base}/api/commands`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ type, payload }) });
      expect(response.status).toBe(202);
      return (await response.json()) as { ids: Record<string, string> };
    };
    const created = await sendCommand("liveblog.create", { title: "Supervised", slug, description: "" });
    await sendCommand("liveblog.update", { liveBlogId: created.ids.liveBlogId, title: "Supervised", description: "", status: "live" });
    const headUrl = `${base}/cdn/liveblogs/${slug}/latest.json`;
    const headEntries = async () => {
      const response = await fetch(headUrl);
      return response.ok ? ((await response.json()) as { entries: { html: string }[] }).entries : undefined;
    };
    await until("the blog's first publish", 30_000, headEntries);

    const databaseUrl = embeddedDatabaseUrl(dataDir)!;
    const killedPid = postmasterPid(dataDir);
    const killedAt = performance.now();
    process.kill(killedPid, "SIGKILL");

    // An editor posts while Postgres is down: the post is queued and acknowledged.
    const post = await fetch(`${base}/api/liveblogs/${slug}/entries`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ body: "<p>Posted while Postgres was down</p>" }),
    });
    expect(post.status).toBe(202);
    expect(run.output()).not.toContain("Postgres is back");

    // Back on the same port (the URL the admin and the worker hold), as a new postmaster.
    await until("Postgres to accept connections again", 10_000, async () => ((await canConnect(databaseUrl)) ? true : undefined));
    const restartMs = performance.now() - killedAt;
    console.log(`embedded Postgres back ${(restartMs / 1000).toFixed(2)} s after kill -9`);
    expect(restartMs).toBeLessThan(10_000);
    expect(postmasterPid(dataDir)).not.toBe(killedPid);
    await run.waitForOutput(/Postgres is back after/, 5_000);

    await until("the post made during the outage in the published head", 30_000, async () =>
      (await headEntries())?.some((entry) => entry.html.includes("Posted while Postgres was down")) ? true : undefined,
    );
    console.log(`the post made during the outage was published ${((performance.now() - killedAt) / 1000).toFixed(2)} s after kill -9`);

    // One line per event, for the launcher and for each worker loop; no stack, no raw Prisma error.
    const output = run.output();
    expect(output.match(/^\[ballast\] Postgres exited \(signal SIGKILL\); restarting in 0\.5 s…$/gm)).toHaveLength(1);
    expect(output.match(/^\[ballast\] Postgres is back after \d+(\.\d)? s$/gm)).toHaveLength(1);
    const logLines = output.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { msg?: string; component?: string });
    const components = logLines.filter((line) => line.msg?.startsWith("Postgres unreachable")).map((line) => line.component);
    expect(new Set(components).size).toBe(components.length);
    const noisy = output.split("\n").filter((line) => /^\s+at .+:\d+:\d+\)?$/.test(line) || line.includes('"stack"') || line.includes("Invalid `"));
    expect(noisy).toEqual([]);

    expect(await run.stop()).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 120_000);
});
