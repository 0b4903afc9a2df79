// The admin server as deployed (`npm start`'s launcher, the production build), attacked over HTTP: anonymous huge
// bodies, forged X-Forwarded-For, and what changes when TRUSTED_PROXIES says a proxy is ours.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MAX_FAILURES } from "../lib/auth/login-throttle";
import { projectRoot } from "../lib/process/project-paths";
import { launchBallast, type TLaunchedBallast } from "../test/support/launch-ballast";
import { createTestUser, testDb } from "../test/support/test-db";

const PASSWORD = "correct horse battery";
const MB = 1024 * 1024;
const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function launch(port: number, env: Record<string, string> = {}): TLaunchedBallast & { dataDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-admin-server-test-"));
  tempDirs.push(dataDir);
  return Object.assign(launchBallast({ DATABASE_URL: inject("databaseUrl"), BALLAST_DATA_DIR: dataDir, PORT: String(port), ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, ...env }), { dataDir });
}

/** The Content-Security-Policy /cdn sends with a published HTML page (written where the file publisher keeps them). */
async function publishedPagePolicy(base: string, dataDir: string): Promise<string> {
  const page = path.join(dataDir, "public", "pages", "csp-probe", "index.html");
  fs.mkdirSync(path.dirname(page), { recursive: true });
  fs.writeFileSync(page, "<!doctype html><title>probe</title>");
  const response = await fetch(`${base}/cdn/pages/csp-probe/`);
  expect(response.status).toBe(200);
  return response.headers.get("content-security-policy") ?? "";
}

/** The admin server is the launcher's child running bin/admin-server.ts. */
function adminServerPid(launcherPid: number): number {
  for (const pid of fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const parent = Number(fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      if (parent === launcherPid && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("admin-server")) return Number(pid);
    } catch {
      // a process that just ended
    }
  }
  throw new Error("admin server process not found");
}

function memoryMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
}

/** Sends `bytes` of body as fast as the server takes them; resolves with the answer (or -1 if the connection broke first). */
function postBody(port: number, url: string, headers: Record<string, string>, bytes: number, chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const request = http.request({ host: "127.0.0.1", port, method: "POST", path: url, headers: chunked ? headers : { ...headers, "content-length": String(bytes) } });
    request.on("response", (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, body }));
    });
    request.on("error", (error) => resolve({ status: -1, body: String(error) }));
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}

/** next-auth's credentials sign-in over HTTP; `ok` when it answers with a session cookie. */
async function signIn(base: string, email: string, password: string, headers: Record<string, string> = {}) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  const session = response.headers.getSetCookie().find((value) => value.includes("session-token="))?.split(";")[0];
  return { ok: Boolean(session), session: session ?? "", location: response.headers.get("location") ?? "" };
}

function loginActionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, ".next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, { filename: string; exportedName: string }> };
  return Object.entries(manifest.node).find(([, action]) => action.filename === "app/login/actions.ts" && action.exportedName === "loginAction")![0];
}

const sessionLoginIp = async (userId: string) =>
  ((await testDb().auditLog.findFirst({ where: { actorId: userId, action: "session.login" }, orderBy: { id: "desc" } }))?.details as { ip?: string } | undefined)?.ip;

describe("the admin server without TRUSTED_PROXIES", () => {
  const port = 3231;
  const base = `http://127.0.0.1:${port}`;
  let run: ReturnType<typeof launch>;
  beforeAll(async () => {
    run = launch(port);
    await run.ready;
  }, 120_000);
  afterAll(() => run?.stop());

  it("refuses an anonymous 50 MB body on every route that takes one without growing by more than 10 MB", async () => {
    const pid = adminServerPid(run.child.pid!);
    const action = loginActionId();
    const targets: { url: string; headers: Record<string, string>; chunked: boolean; status: number }[] = [
      { url: "/api/liveblogs/any/entries", headers: { "content-type": "application/json" }, chunked: false, status: 401 },
      { url: "/api/liveblogs/any/entries", headers: { "content-type": "application/json", cookie: "authjs.session-token=forged" }, chunked: true, status: 401 },
      { url: "/api/commands", headers: { "content-type": "application/json" }, chunked: true, status: 401 },
      { url: "/api/media", headers: { "content-type": "multipart/form-data; boundary=x" }, chunked: false, status: 401 },
      { url: "/api/auth/callback/credentials", headers: { "content-type": "application/x-www-form-urlencoded" }, chunked: false, status: 413 },
      { url: "/api/auth/signout", headers: { "content-type": "application/x-www-form-urlencoded" }, chunked: true, status: 411 },
      // Server actions: Next.js alone answers a body over its 1 MB limit with a 500.
      { url: "/login", headers: { "next-action": action, "content-type": "text/plain;charset=UTF-8" }, chunked: false, status: 413 },
      { url: "/login", headers: { "next-action": action, "content-type": "multipart/form-data; boundary=x" }, chunked: true, status: 411 },
      { url: "/admin", headers: { "content-type": "application/x-www-form-urlencoded" }, chunked: false, status: 413 },
    ];
    // Next.js loads each route's code on its first request: warm them up with small bodies first.
    for (const target of targets) await postBody(port, target.url, target.headers, 1024, target.chunked);
    for (const target of targets) {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM, the peak resident set size
      const before = memoryMb(pid, "VmRSS");
      const answer = await postBody(port, target.url, target.headers, 50 * MB, target.chunked);
      const grewMb = memoryMb(pid, "VmHWM") - before;
      expect({ ...target, answer: answer.status, grewBelow10Mb: grewMb < 10 }, `grew ${grewMb.toFixed(1)} MB: ${answer.body.slice(0, 200)}`).toEqual({ ...target, answer: target.status, grewBelow10Mb: true });
    }
  }, 120_000);

  it("answers a server action over 1 MB with a clear 413, and still runs one under it", async () => {
    const headers = { "next-action": loginActionId(), "content-type": "text/plain;charset=UTF-8" };
    const over = await postBody(port, "/login", headers, 1.5 * MB, false);
    expect(over).toEqual({ status: 413, body: JSON.stringify({ error: "The request body is larger than 1024 KB.", code: "invalid_input" }) });
    // A small (malformed) action body reaches Next.js, which answers for itself: not a 413.
    expect((await postBody(port, "/login", headers, 1024, false)).status).not.toBe(413);
  });

  it("ignores a forged X-Forwarded-For: the audit row names the socket's address and the throttle counts it", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    expect((await signIn(base, user.email, PASSWORD, { "x-forwarded-for": "198.51.100.23", "x-ballast-peer-address": "198.51.100.24" })).ok).toBe(true);
    expect(await sessionLoginIp(user.id)).toBe("127.0.0.1");

    const target = await createTestUser({ role: "editor", password: PASSWORD });
    for (let failure = 0; failure < MAX_FAILURES; failure++) {
      expect((await signIn(base, target.email, "wrong", { "x-forwarded-for": `203.0.113.${failure + 1}` })).ok).toBe(false);
    }
    // Five "addresses" were one: this address is paused for this account, forged header or not.
    const paused = await signIn(base, target.email, PASSWORD, { "x-forwarded-for": "203.0.113.99" });
    expect(paused).toMatchObject({ ok: false, location: expect.stringContaining("code=rate_limited") });
  });

  it("sends HSTS only when a trusted proxy says HTTPS, and a CSP whose nonce is on every script of the page", async () => {
    const page = await fetch(`${base}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(page.headers.get("strict-transport-security")).toBeNull();
    const policy = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    const scripts = [...(await page.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${base}/login`);
    expect(again.headers.get("content-security-policy")).not.toContain(`'nonce-${nonce}'`);
  });

  it("lets a published page's widget connect to its own origin and the default questions endpoint's, nowhere else", async () => {
    expect(await publishedPagePolicy(base, run.dataDir)).toContain(`connect-src 'self' http://localhost:${port}; `);
  });
});

describe("the admin server with TRUSTED_PROXIES=loopback", () => {
  const port = 3232;
  const base = `http://127.0.0.1:${port}`;
  let run: ReturnType<typeof launch>;
  beforeAll(async () => {
    run = launch(port, { TRUSTED_PROXIES: "loopback", QUESTIONS_ENDPOINT_URL: "https://ask.example.com/" });
    await run.ready;
  }, 120_000);
  afterAll(() => run?.stop());

  it("honours X-Forwarded-For from the trusted proxy: in the audit row and per address in the throttle", async () => {
    const user = await createTestUser({ role: "editor", password: PASSWORD });
    expect((await signIn(base, user.email, PASSWORD, { "x-forwarded-for": "6.6.6.6, 198.51.100.23" })).ok).toBe(true);
    expect(await sessionLoginIp(user.id)).toBe("198.51.100.23");

    const target = await createTestUser({ role: "editor", password: PASSWORD });
    const guesser = { "x-forwarded-for": "203.0.113.7" };
    for (let failure = 0; failure < MAX_FAILURES; failure++) expect((await signIn(base, target.email, "wrong", guesser)).ok).toBe(false);
    expect(await signIn(base, target.email, PASSWORD, guesser)).toMatchObject({ ok: false, location: expect.stringContaining("code=rate_limited") });
    expect((await signIn(base, target.email, PASSWORD, { "x-forwarded-for": "198.51.100.40" })).ok).toBe(true);
  }, 60_000);

  it("tells admins on every admin page when an account sees many failed sign-ins", async () => {
    const victim = await createTestUser({ role: "editor", password: PASSWORD });
    await Promise.all(Array.from({ length: 10 }, (_, index) => signIn(base, victim.email, "wrong", { "x-forwarded-for": `192.0.2.${index + 1}` })));
    const admin = await createTestUser({ role: "admin", password: PASSWORD });
    const { session } = await signIn(base, admin.email, PASSWORD, { "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 200) + 50}` });
    const page = await (await fetch(`${base}/admin`, { headers: { cookie: session } })).text();
    expect(page).toContain("Many failed sign-ins");
    expect(page).toContain(victim.email);
  }, 60_000);

  it("sends HSTS when the trusted proxy says the request came over HTTPS", async () => {
    const page = await fetch(`${base}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    expect((await fetch(`${base}/login`)).headers.get("strict-transport-security")).toBeNull();
  });

  it("lets a published page's widget post reader questions to QUESTIONS_ENDPOINT_URL's origin, and nowhere else", async () => {
    const policy = await publishedPagePolicy(base, run.dataDir);
    expect(policy).toContain("connect-src 'self' https://ask.example.com; ");
    expect(policy).toContain("script-src 'self'; ");
  });
});
