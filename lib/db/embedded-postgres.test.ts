// The supervised embedded Postgres, for real: kill -9 of the postmaster, a stale pid file, and a live one's pid file.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres, type TStartEmbeddedPostgresOptions } from "./embedded-postgres";
import { canConnect } from "../../test/support/can-connect";

const running: EmbeddedPostgres[] = [];
const helpers: ChildProcess[] = [];
const tempDirs: string[] = [];
afterEach(async () => {
  helpers.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"));
  await Promise.all(running.splice(0).map((postgres) => postgres.stop()));
  tempDirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});

async function startSupervised(supervise: TStartEmbeddedPostgresOptions["supervise"] = true) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-supervise-test-"));
  fs.chmodSync(dataDir, 0o755); // keeps the cluster inside it when run as root
  tempDirs.push(dataDir);
  const lines: string[] = [];
  const postgres = await startEmbeddedPostgres({ dataDir, log: (line) => lines.push(line), supervise });
  running.push(postgres);
  lines.splice(0); // "Initialising a new database cluster…": only the supervisor's lines from here on
  const pidFile = path.join(postgres.dataDirectory, "postmaster.pid");
  return { postgres, lines, pidFile, pidInFile: () => Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("a supervised embedded Postgres", () => {
  it("is back on the same URL within 10 s of a kill -9, with one line per event", async () => {
    const { postgres, lines, pidInFile } = await startSupervised();
    // Connections held by a pool, as the admin and the worker hold them.
    const pool = new pg.Pool({ connectionString: postgres.url, max: 3 });
    pool.on("error", () => undefined);
    await Promise.all([1, 2, 3].map(() => pool.query("SELECT 1")));

    const killed = pidInFile();
    const killedAt = performance.now();
    process.kill(killed, "SIGKILL");
    await expect.poll(() => canConnect(postgres.url), { timeout: 10_000, interval: 50 }).toBe(true);
    const restartMs = performance.now() - killedAt;
    console.log(`back ${(restartMs / 1000).toFixed(2)} s after kill -9`);
    expect(restartMs).toBeLessThan(10_000);
    expect(pidInFile()).not.toBe(killed);
    expect((await pool.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
    await expect.poll(() => lines.at(-1)).toMatch(/^Postgres is back after \d+(\.\d)? s$/);
    expect(lines.slice(-2)[0]).toBe("Postgres exited (signal SIGKILL); restarting in 0.5 s…");
    await pool.end();
  }, 60_000);

  it("replaces a stale pid file that names a live process other than this cluster's postmaster (a reused pid)", async () => {
    const { postgres, lines, pidFile, pidInFile } = await startSupervised({ initialDelayMs: 1_500 });
    const killed = pidInFile();
    // The stand-in runs as the postmaster's user: Postgres alone would take the pid file as a live server's and refuse.
    const owner = fs.statSync(`/proc/${killed}`);
    const impostor = spawn("sleep", ["60"], { uid: owner.uid, gid: owner.gid, stdio: "ignore" });
    helpers.push(impostor);
    process.kill(killed, "SIGKILL");
    await expect.poll(() => lines.length).toBe(1);
    const stale = fs.readFileSync(pidFile, "utf8").split("\n");
    fs.writeFileSync(pidFile, [String(impostor.pid), ...stale.slice(1)].join("\n"));

    await expect.poll(() => canConnect(postgres.url), { timeout: 10_000, interval: 50 }).toBe(true);
    expect(pidInFile()).not.toBe(impostor.pid);
    expect(alive(impostor.pid!)).toBe(true);
    expect(lines.filter((line) => line.startsWith("Postgres did not start"))).toEqual([]);
  }, 60_000);

  it("never touches the pid file of a live postmaster on its directory, and starts once that one is gone", async () => {
    const { postgres, lines, pidFile, pidInFile } = await startSupervised({ initialDelayMs: 3_000 });
    const killed = pidInFile();
    const binary = fs.readlinkSync(`/proc/${killed}/exe`);
    const owner = fs.statSync(`/proc/${killed}`);
    process.kill(killed, "SIGKILL");
    await expect.poll(() => lines.length).toBe(1);

    // Someone else starts a postmaster on the same directory (another port) before the supervisor's restart; it
    // too is refused until the killed server's backends have let go of its shared memory, so it tries again.
    const otherPort = await freePort();
    const otherUrl = new URL(postgres.url);
    otherUrl.port = String(otherPort);
    let other: ChildProcess | undefined;
    while (!other) {
      const attempt = spawn(binary, ["-D", postgres.dataDirectory, "-p", String(otherPort), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="], {
        uid: owner.uid,
        gid: owner.gid,
        stdio: "ignore",
      });
      helpers.push(attempt);
      while (attempt.exitCode === null && attempt.signalCode === null && !(await canConnect(otherUrl.toString()))) await sleep(50);
      if (attempt.exitCode === null && attempt.signalCode === null) other = attempt;
    }
    expect(lines).toHaveLength(1); // the supervisor has not tried yet

    await expect.poll(() => lines.find((line) => line.startsWith("Postgres did not start")), { timeout: 10_000 }).toBe(
      `Postgres did not start (another Postgres (pid ${other.pid}) is running on ${postgres.dataDirectory}); retrying in 6 s…`,
    );
    expect(fs.existsSync(pidFile)).toBe(true);
    expect(pidInFile()).toBe(other.pid);
    expect(await canConnect(otherUrl.toString())).toBe(true);

    const otherExited = new Promise((resolve) => other.once("exit", resolve));
    other.kill("SIGINT");
    await otherExited;
    await expect.poll(() => canConnect(postgres.url), { timeout: 10_000, interval: 50 }).toBe(true);
    await expect.poll(() => lines.at(-1)).toMatch(/^Postgres is back after \d+(\.\d)? s$/);
  }, 60_000);

  it("starts no new server while a backend of the killed one still holds its shared memory", async () => {
    const { postgres, lines, pidInFile } = await startSupervised();
    const client = new pg.Client({ connectionString: postgres.url });
    client.on("error", () => undefined);
    await client.connect();
    const backend = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    // A frozen backend cannot notice that its postmaster died.
    process.kill(backend, "SIGSTOP");
    try {
      process.kill(pidInFile(), "SIGKILL");
      await expect.poll(() => lines.find((line) => line.startsWith("Postgres did not start")), { timeout: 15_000 }).toMatch(
        /^Postgres did not start \(1 process\(es\) of the previous Postgres \(pid \d+\) still hold its shared memory\); retrying in 1 s…$/,
      );
      expect(await canConnect(postgres.url)).toBe(false);
    } finally {
      process.kill(backend, "SIGCONT");
    }
    await expect.poll(() => canConnect(postgres.url), { timeout: 15_000, interval: 50 }).toBe(true);
    await expect.poll(() => lines.at(-1)).toMatch(/^Postgres is back after \d+(\.\d)? s$/);
    await client.end().catch(() => undefined);
  }, 60_000);
});
