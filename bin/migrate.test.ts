// bin/migrate.ts, the release step on AWS: migrates an empty Postgres and creates the first admin once, reaching the
// database the way the ECS tasks do (a DATABASE_URL without a password, the password in PGPASSWORD from Secrets Manager).
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { childEnv } from "../lib/env";
import { projectRoot } from "../lib/process/project-paths";

const serverUrl = new URL(inject("databaseUrl"));
const databaseName = `ballast_migrate_${Date.now()}_${process.pid}`;
const password = decodeURIComponent(serverUrl.password);
const adminPassword = "first-admin-password-from-secrets-manager";

function urlWithoutPassword(database: string): string {
  const url = new URL(serverUrl);
  url.password = "";
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function runMigrate(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "bin", "migrate.ts"), ...args], {
      cwd: projectRoot,
      env: childEnv({ LOG_LEVEL: "silent", ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  await onServer(`CREATE DATABASE ${databaseName}`);
});

afterAll(async () => {
  await onServer(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
});

describe("bin/migrate.ts", () => {
  it("migrates an empty database and creates the first admin once, with the password only in PGPASSWORD", { timeout: 120_000 }, async () => {
    const env = { DATABASE_URL: urlWithoutPassword(databaseName), PGPASSWORD: password, ADMIN_EMAIL: "editor-in-chief@example.com", ADMIN_PASSWORD: adminPassword };

    const first = await runMigrate(env);
    expect(first.output).toContain("[ballast] Migrations applied.");
    expect(first.output).toContain("[ballast] First admin created: editor-in-chief@example.com with the ADMIN_PASSWORD given.");
    expect(first.output).not.toContain(adminPassword);
    expect(first.code).toBe(0);

    const database = new URL(serverUrl);
    database.pathname = `/${databaseName}`;
    const client = new pg.Client({ connectionString: database.toString() });
    await client.connect();
    const admins = (await client.query<{ email: string }>(`SELECT email FROM users WHERE role = 'admin'`)).rows.map((row) => row.email);
    await client.end();
    expect(admins).toEqual(["editor-in-chief@example.com"]);

    const second = await runMigrate({ ...env, ADMIN_EMAIL: "someone-else@example.com" });
    expect(second.output).toContain("[ballast] An admin exists already; no account created.");
    expect(second.code).toBe(0);
  });

  it("--on-start migrates without creating an admin, and lets a task start while Postgres is unreachable", { timeout: 120_000 }, async () => {
    const emptyDatabase = `${databaseName}_start`;
    await onServer(`CREATE DATABASE ${emptyDatabase}`);
    try {
      const started = await runMigrate({ DATABASE_URL: urlWithoutPassword(emptyDatabase), PGPASSWORD: password, ADMIN_EMAIL: "nobody@example.com" }, ["--on-start"]);
      expect(started.output.trim()).toBe("[ballast] Migrations applied.");
      expect(started.code).toBe(0);
      const database = new URL(serverUrl);
      database.pathname = `/${emptyDatabase}`;
      const client = new pg.Client({ connectionString: database.toString() });
      await client.connect();
      const users = await client.query(`SELECT count(*)::int AS count FROM users`);
      await client.end();
      expect(users.rows[0]).toEqual({ count: 0 });
    } finally {
      await onServer(`DROP DATABASE IF EXISTS ${emptyDatabase} WITH (FORCE)`);
    }

    // Nothing listens on port 1: the task starts in outage mode; without --on-start the release step fails.
    const unreachable = { DATABASE_URL: "postgresql://ballast@127.0.0.1:1/ballast", PGPASSWORD: "x" };
    const outage = await runMigrate(unreachable, ["--on-start"]);
    expect(outage.output).toMatch(/^\[ballast\] Postgres is unreachable \(.+\); starting without migrating\.\n$/);
    expect(outage.code).toBe(0);
    const release = await runMigrate(unreachable);
    expect(release.output).toMatch(/^\[ballast\] Migrate stopped: /);
    expect(release.code).toBe(1);
  });

  it("says in one line that it needs DATABASE_URL", async () => {
    const result = await runMigrate({ DATABASE_URL: "" });
    expect(result.code).toBe(1);
    expect(result.output.trim()).toBe(
      "[ballast] Migrate stopped: DATABASE_URL is not set; this step migrates an existing Postgres (`npm start` migrates the embedded one itself).",
    );
  });
});
