// `npm start`: one command that brings up Postgres (embedded unless DATABASE_URL), migrations, the first admin,
// the admin app and the publish worker, and stops them all cleanly on Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { createDb } from "../lib/db";
import { childEnv, readEnv } from "../lib/env";
import { describeError, logger } from "../lib/logger";
import { ensureFirstAdmin } from "../lib/users/ensure-first-admin";
import { applyMigrations } from "../lib/process/migrate";
import { adminServerEntry, nextCli, projectRoot, workerEntry } from "../lib/process/project-paths";
import { runCommand } from "../lib/process/run-command";
import { WORKER_NODE_FLAGS } from "../lib/process/worker-node-flags";
import { readBuiltWidget } from "../widgets/build-widget";

const widgetBuildScript = path.join(projectRoot, "widgets", "build-widget.ts");
const devMode = process.argv.includes("--dev");
const say = (message: string) => console.log(`[ballast] ${message}`);

function loadOrCreateAuthSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("The admin app exited during start-up (see its output above).");
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The admin app did not answer ${url} within ${timeoutMs / 1000}s.`);
}

function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

// `prisma migrate deploy` fails with its whole output; the operator needs its "Error: …" line.
function migrationFailure(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .split("\n")
    .findLast((line) => line.startsWith("Error: "))
    ?.slice("Error: ".length)
    .replaceAll("`", "");
  return new Error(reason ? `Could not apply the database migrations: ${reason}` : message);
}

async function main() {
  let embedded: EmbeddedPostgres | undefined;
  let app: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("Stopping…");
    await Promise.all([stopChild(app, 10_000), stopChild(worker, 15_000)]);
    await embedded?.stop();
    say("Stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  let databaseUrl: string | undefined;
  try {
    const env = readEnv();
    fs.mkdirSync(env.dataDir, { recursive: true });
    databaseUrl = env.DATABASE_URL;
    if (databaseUrl) {
      say("Using the Postgres at DATABASE_URL.");
    } else {
      say(`Starting the embedded Postgres (data in ${env.dataDir})…`);
      // Supervised: if it dies, it is started again on the same port (one line per event); the app and the
      // worker keep running meanwhile and queue what editors post.
      embedded = await startEmbeddedPostgres({ dataDir: env.dataDir, log: (message) => say(message), supervise: true });
      databaseUrl = embedded.url;
    }

    say("Applying database migrations…");
    await applyMigrations(databaseUrl).catch((error: unknown) => {
      throw migrationFailure(error);
    });

    const database = createDb(databaseUrl);
    const firstAdmin = await ensureFirstAdmin(database, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    await database.$disconnect();

    const authSecret = loadOrCreateAuthSecret(env.dataDir, env.AUTH_SECRET);
    const sharedEnv = childEnv({ DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, BALLAST_DATA_DIR: env.dataDir, PORT: String(env.PORT), NEXT_TELEMETRY_DISABLED: "1" });

    // Publishing uploads the built widget; a checkout that never ran `npm run build` builds it here.
    if (!(await readBuiltWidget().catch(() => null))) {
      say("No built widget yet: building widgets/dist…");
      await runCommand(process.execPath, ["--import", "tsx", widgetBuildScript], { env: sharedEnv, cwd: projectRoot }).catch(() => {
        throw new Error("Building the widget failed (its output is above).");
      });
    }

    if (!devMode && !fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) {
      say("No production build yet: running `next build` (once; takes a minute or two)…");
      await runCommand(process.execPath, [nextCli, "build"], { env: { ...sharedEnv, NODE_ENV: "production" }, cwd: projectRoot }).catch(() => {
        throw new Error("`next build` failed (its output is above).");
      });
    }

    app = spawn(process.execPath, ["--import", "tsx", adminServerEntry, ...(devMode ? ["--dev"] : [])], {
      cwd: projectRoot,
      env: { ...sharedEnv, NODE_ENV: devMode ? "development" : "production" },
      stdio: "inherit",
    });
    worker = spawn(process.execPath, [...WORKER_NODE_FLAGS, "--import", "tsx", workerEntry], {
      cwd: projectRoot,
      env: sharedEnv,
      stdio: "inherit",
    });
    // Acknowledging an editor's post is the latency-critical path; applying and publishing is throughput work.
    if (worker.pid) setLowerPriority(worker.pid);
    for (const [name, child] of [["admin app", app], ["worker", worker]] as const) {
      child.on("exit", (code, signal) => {
        if (!stopping) {
          say(`The ${name} stopped unexpectedly (${signal ?? `exit ${code}`}); shutting down.`);
          void shutdown(1);
        }
      });
    }

    const adminUrl = `http://localhost:${env.PORT}`;
    await waitForHttp(`http://127.0.0.1:${env.PORT}/api/health`, app, 120_000);
    const lines = [
      "",
      "  Ballast is running.",
      `  Admin:      ${adminUrl}/login`,
      `  Published:  ${env.publicBaseUrl}  (files in ${env.publicDir})`,
    ];
    if (firstAdmin.created) {
      lines.push(`  First login: ${firstAdmin.email}`);
      lines.push(firstAdmin.password ? `  Password:    ${firstAdmin.password}   (shown once; you choose your own at first sign-in)` : "  Password:    the ADMIN_PASSWORD you set");
    }
    lines.push("  Stop with Ctrl-C.", "");
    console.log(lines.join("\n"));
  } catch (error) {
    logger.debug({ err: error }, "start-up failure details");
    console.error(`[ballast] Could not start: ${describeError(error, { databaseUrl })}`);
    await shutdown(1);
  }
}

void main();

function setLowerPriority(pid: number) {
  try {
    os.setPriority(pid, 10);
  } catch {
    // Not permitted on some systems; the worker then runs at normal priority.
  }
}
