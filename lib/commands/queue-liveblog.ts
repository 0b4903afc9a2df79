// Queues a new live blog. When the database is up, a taken slug is refused at once (the worker checks again).
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import type { Queue } from "../queue/types";
import { ZCreateLiveBlogSchema } from "../liveblogs/schemas";
import { getCommandStatus, type TCommandStatus } from "./get-command-status";
import { sendCommand } from "./send-command";

const SLUG_TAKEN = "This slug is already used by another live blog.";

async function slugTaken(database: Db, slug: string): Promise<boolean> {
  try {
    return Boolean(await database.liveBlog.findUnique({ where: { slug }, select: { id: true } }));
  } catch (error) {
    if (isDatabaseUnavailable(error)) return false;
    throw error;
  }
}

/** Waits briefly for the worker so the editor lands on the new blog; returns "queued" if it takes longer. */
export async function waitForCommand(database: Db, options: { id: string; actorId: string; timeoutMs: number }): Promise<TCommandStatus> {
  const deadline = Date.now() + options.timeoutMs;
  while (true) {
    const status = await getCommandStatus(database, { id: options.id, actorId: options.actorId, canSeeAll: false }).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) return { status: "queued" } as const;
      throw error;
    });
    if (status.status !== "queued" || Date.now() >= deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function queueLiveBlog(database: Db, queue: Queue, options: { actorId: string; input: unknown }) {
  const input = ZCreateLiveBlogSchema.parse(options.input);
  if (await slugTaken(database, input.slug)) throw new AppError("conflict", SLUG_TAKEN, { slug: SLUG_TAKEN });
  const liveBlogId = randomUUID();
  const envelope = await sendCommand(queue, { actorId: options.actorId, command: { type: "liveblog.create", liveBlogId, input } });
  const status = await waitForCommand(database, { id: envelope.id, actorId: options.actorId, timeoutMs: 5000 });
  if (status.status === "rejected") throw new AppError("conflict", status.reason, status.reason === SLUG_TAKEN ? { slug: SLUG_TAKEN } : {});
  if (status.status === "failed") throw new AppError("conflict", status.reason);
  return { commandId: envelope.id, liveBlogId, slug: input.slug, status };
}
