// The release step of a deployment with its own Postgres (AWS: a one-off ECS task before the services roll): apply
// the committed migrations, create the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is no admin yet, exit.
import { createDb } from "../lib/db";
import { readEnv } from "../lib/env";
import { describeError, logger } from "../lib/logger";
import { applyMigrations } from "../lib/process/migrate";
import { ensureFirstAdmin } from "../lib/users/ensure-first-admin";

let databaseUrl: string | undefined;

async function main() {
  const env = readEnv();
  databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set; this step migrates an existing Postgres (`npm start` migrates the embedded one itself).");
  await applyMigrations(databaseUrl);
  console.log("[ballast] Migrations applied.");
  const database = createDb(databaseUrl);
  try {
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
