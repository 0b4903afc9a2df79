// The admin's and the CLI's dataset writes (import a staged upload, delete): the role is checked here, the dataset's
// id looked up by name (so its commands share one queue group), then the command goes on the write queue.
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { sendCommand } from "../commands/send-command";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import type { TDatasetImportOptionsInput } from "./schemas";

type TActor = { id: string; role: Role };

/** Field errors keyed by the option's own name (`padWidth`), not by the message's `input.options`, for forms. */
function rekeyFieldErrors(error: unknown): never {
  if (error instanceof z.ZodError) throw new z.ZodError(error.issues.map((issue) => ({ ...issue, path: issue.path.filter((part) => part !== "input" && part !== "options") })));
  throw error;
}

async function datasetIdByName(database: Db, name: unknown): Promise<string | undefined> {
  if (typeof name !== "string") return undefined;
  try {
    const row = await database.dataset.findUnique({ where: { name: name.trim() }, select: { id: true } });
    return row?.id;
  } catch (error) {
    // The queue keeps accepting during an outage; the worker finds the dataset by name when it applies.
    if (isDatabaseUnavailable(error)) return undefined;
    throw error;
  }
}

export async function requestDatasetImport(
  options: { actor: TActor; stagingId: string; options: TDatasetImportOptionsInput },
  dependencies: { queue?: Queue; database?: Db } = {},
): Promise<{ commandId: string; importId: string; datasetId: string }> {
  if (!can(options.actor.role, "dataset:edit")) throw new AppError("forbidden", `Your role (${options.actor.role}) cannot import datasets.`);
  const datasetId = (await datasetIdByName(dependencies.database ?? db(), options.options.name)) ?? randomUUID();
  const importId = randomUUID();
  const envelope = await sendCommand(dependencies.queue ?? getQueue(), {
    actorId: options.actor.id,
    command: { type: "dataset.import", input: { stagingId: options.stagingId, options: options.options }, datasetId, importId },
  }).catch(rekeyFieldErrors);
  return { commandId: envelope.id, importId, datasetId };
}

export async function requestDatasetDelete(options: { actor: TActor; name: string }, dependencies: { queue?: Queue; database?: Db } = {}): Promise<{ commandId: string }> {
  if (!can(options.actor.role, "dataset:edit")) throw new AppError("forbidden", `Your role (${options.actor.role}) cannot delete datasets.`);
  const datasetId = await datasetIdByName(dependencies.database ?? db(), options.name);
  if (!datasetId) throw new AppError("not_found", `There is no dataset named ${options.name}.`, { name: "No such dataset." });
  const envelope = await sendCommand(dependencies.queue ?? getQueue(), { actorId: options.actor.id, command: { type: "dataset.delete", input: { name: options.name }, datasetId } }).catch(rekeyFieldErrors);
  return { commandId: envelope.id };
}
