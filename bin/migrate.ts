// The release step for a deployment with its own Postgres (AWS: bin/migrate.ts as a one-off ECS task): apply the
// committed migrations, create the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is no admin yet, exit.
// `--on-start` runs before each admin and worker task starts: migrations only, and if Postgres cannot be reached it
// says so and lets the task start anyway, because a task must come up (and queue posts) while the database is down.
import { createDb } from "../lib/db";
import { isDatabaseUnavailable } from "../lib/db/is-database-unavailable";
import { readEnv } from "../lib/env";
import { describeError, logger } from "../lib/logger";
import { applyMigrations } from "../lib/process/migrate";
import { ensureFirstAdmin } from "../lib/users/ensure-first-admin";

const onStart = process.argv.includes("--on-start");
let databaseUrl: string | undefined;

async function main() {
  const env = readEnv();
  databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set; this step migrates an existing Postgres (`npm start` migrates the embedded one itself).");
  const database = createDb(databaseUrl);
  try {
    try {
      await database.$queryRaw`SELECT 1`;
    } catch (error) {
      if (!onStart || !isDatabaseUnavailable(error)) throw error;
      console.log(`[ballast] Postgres is unreachable (${describeError(error, { databaseUrl })}); starting without migrating.`);
      return;
    }
    // Prisma holds an advisory lock while it migrates: tasks starting side by side apply each migration once.
    await applyMigrations(databaseUrl);
    console.log("[ballast] Migrations applied.");
    if (onStart) return;
    const firstAdmin = await ensureFirstAdmin(database, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    if (!firstAdmin.created) console.log("[ballast] An admin exists already; no account created.");
    else if (firstAdmin.password) console.log(`[ballast] First admin created: ${firstAdmin.email} with password ${firstAdmin.password} (shown once; change it or keep it safe)`);
    else console.log(`[ballast] First admin created: ${firstAdmin.email} with the ADMIN_PASSWORD given.`);
  } finally {
    await database.$disconnect();
  }
}

main().catch((error: unknown) => {
  logger.debug({ err: error }, "migrate failure details");
  // prisma migrate deploy fails with its whole output; its "Error: ..." line is what the operator needs.
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.split("\n").findLast((line) => line.startsWith("Error: "))?.slice("Error: ".length);
  console.error(`[ballast] Migrate stopped: ${reason ?? describeError(error, { databaseUrl })}`);
  process.exit(1);
});
