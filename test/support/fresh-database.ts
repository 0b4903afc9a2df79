// A new, migrated database for one test run or benchmark: on the Postgres at DATABASE_URL, or on an embedded one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/process/migrate";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { readEnv } from "../../lib/env";

export async function createFreshDatabase(options: { namePrefix: string }): Promise<{ url: string; drop: () => Promise<void> }> {
  let embedded: EmbeddedPostgres | undefined;
  let tempDir: string | undefined;
  let serverUrl = readEnv().DATABASE_URL;
  if (!serverUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.namePrefix}-`));
    fs.chmodSync(tempDir, 0o755); // a root run keeps the cluster inside it
    embedded = await startEmbeddedPostgres({ dataDir: tempDir, log: () => undefined });
    serverUrl = embedded.url;
  }
  const name = `${options.namePrefix.replaceAll("-", "_")}_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
      await embedded?.stop();
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
