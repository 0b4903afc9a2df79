// `npm run workers -- status | pause | resume | cap <commands-per-second>`: operator controls from a shell.
import { createDb } from "../lib/db";
import { embeddedDatabaseUrl } from "../lib/db/embedded-postgres";
import { readEnv } from "../lib/env";
import { listLiveWorkers, readWorkerControls, updateWorkerControls } from "../lib/commands/worker-controls";
import { ZWorkerControlsSchema } from "../lib/system/schemas";

const USAGE = "Usage: npm run workers -- status | pause | resume | cap <commands-per-second (0 = no cap)>";

async function main() {
  const [command, argument] = process.argv.slice(2);
  const env = readEnv();
  const url = env.DATABASE_URL ?? embeddedDatabaseUrl(env.dataDir);
  if (!url) throw new Error(`No database: set DATABASE_URL, or run this beside a Ballast started with npm start (data in ${env.dataDir}).`);
  const database = createDb(url);
  try {
    if (command === "pause") await updateWorkerControls(database, { paused: true });
    else if (command === "resume") await updateWorkerControls(database, { paused: false });
    else if (command === "cap") await updateWorkerControls(database, ZWorkerControlsSchema.pick({ maxApplyPerSecond: true }).required().parse({ maxApplyPerSecond: argument }));
    else if (command !== "status") throw new Error(USAGE);
    const controls = await readWorkerControls(database);
    const workers = await listLiveWorkers(database);
    console.log(`workers: ${controls.paused ? "PAUSED" : "running"}; catch-up cap: ${controls.maxApplyPerSecond || "none"}`);
    for (const worker of workers) console.log(`  ${worker.id}  ${worker.state}  applied ${worker.appliedTotal}  last seen ${worker.lastSeenAt.toISOString()}`);
    if (workers.length === 0) console.log("  (no worker has reported in the last minute)");
  } finally {
    await database.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
