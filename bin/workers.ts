// `npm run workers -- status | pause | resume | cap <commands-per-second>`: operator controls from a shell. They need
// no Postgres: the controls live beside the write queue, and a worker writes the change to the audit log once the
// database answers.
import os from "node:os";
import { readEnv } from "../lib/env";
import { describeError } from "../lib/logger";
import { getQueue } from "../lib/queue/get-queue";
import { createWorkerControlStore } from "../lib/queue/get-worker-control-store";
import { WORKER_SEEN_WITHIN_MS, type TWorkerControls } from "../lib/queue/worker-control-store";
import { ZWorkerControlsSchema } from "../lib/system/schemas";

const USAGE = "Usage: npm run workers -- status | pause | resume | cap <commands-per-second (0 = no cap)>";

function changesFor(command: string | undefined, argument: string | undefined): Partial<TWorkerControls> | null {
  if (command === "pause") return { paused: true };
  if (command === "resume") return { paused: false };
  if (command === "cap") {
    const parsed = ZWorkerControlsSchema.pick({ maxApplyPerSecond: true }).required().safeParse({ maxApplyPerSecond: argument ?? "" });
    if (!parsed.success || argument === undefined || argument.trim() === "") throw new Error(`cap needs a whole number of commands per second, 0 for no cap. ${USAGE}`);
    return parsed.data;
  }
  if (command === "status") return null;
  throw new Error(USAGE);
}

const seconds = (ms: number | null) => (ms === null ? "unknown" : `${(ms / 1000).toFixed(1)} s`);

async function main() {
  const [command, argument] = process.argv.slice(2);
  const changes = changesFor(command, argument);
  const env = readEnv();
  const store = createWorkerControlStore(env, { createIfMissing: false });
  const queue = getQueue();
  try {
    if (changes) {
      const { username } = os.userInfo();
      const change = await store.change(changes, { actorId: null, via: "cli", by: `${username}@${os.hostname()}` });
      const controls = change.controls;
      console.log(
        `${controls.paused ? "Workers paused" : "Workers running"}${controls.maxApplyPerSecond ? `, catch-up cap ${controls.maxApplyPerSecond}/s per worker` : ""}. ` +
          "Workers see it within a second; a worker adds it to the audit log once Postgres answers.",
      );
    }
    const [{ controls, unaudited }, workers, stats] = await Promise.all([store.read(), store.listWorkers(WORKER_SEEN_WITHIN_MS), queue.stats()]);
    console.log(`workers: ${controls.paused ? "PAUSED" : "running"}; catch-up cap: ${controls.maxApplyPerSecond || "none"} (kept in ${store.description})`);
    console.log(`queue (${queue.driver}): ${stats.depth} waiting, ${stats.inFlight} in flight, oldest ${seconds(stats.oldestAgeMs)}, ${stats.deadLetters} dead letter(s)`);
    for (const worker of workers) {
      console.log(`  ${worker.id}  ${worker.state}  applied ${worker.appliedTotal}  last seen ${new Date(worker.lastSeenAtMs).toISOString()}${worker.lastError ? `  (${worker.lastError})` : ""}`);
    }
    if (workers.length === 0) console.log("  (no worker has reported in the last minute)");
    if (unaudited.length > 0) console.log(`${unaudited.length} control change(s) waiting for Postgres to be written to the audit log.`);
  } finally {
    await Promise.all([store.close(), queue.close()]);
  }
}

main().catch((error: unknown) => {
  console.error(describeError(error));
  process.exit(1);
});
