// Pauses, resumes or caps the apply workers for an admin. The change is made in the control store (outside
// Postgres, so it works while the database is down) with a record of it; audit_log gets that record at once when
// the database answers, else from the first worker that reaches it.
import "server-only";
import { db as defaultDb, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { logger } from "../logger";
import { getWorkerControlStore } from "../queue/get-worker-control-store";
import type { TWorkerControls, WorkerControlStore } from "../queue/worker-control-store";
import { recordWorkerControlAudits } from "./record-worker-control-audits";
import { ZWorkerControlsSchema } from "./schemas";

export type TWorkerControlsChanged = { controls: TWorkerControls; audited: boolean };

export async function changeWorkerControls(
  options: { actor: { id: string; email: string }; input: unknown },
  dependencies: { store?: WorkerControlStore; database?: () => Db } = {},
): Promise<TWorkerControlsChanged> {
  const changes = ZWorkerControlsSchema.parse(options.input);
  const store = dependencies.store ?? getWorkerControlStore();
  const change = await store.change(changes, { actorId: options.actor.id, via: "admin", by: options.actor.email });
  try {
    await recordWorkerControlAudits({ database: (dependencies.database ?? defaultDb)(), store, changes: [change] });
    return { controls: change.controls, audited: true };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) logger.error({ err: error, changeId: change.id }, "could not audit a worker-controls change yet; a worker will retry");
    return { controls: change.controls, audited: false };
  }
}
