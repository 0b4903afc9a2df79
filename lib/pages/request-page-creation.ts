// The admin's "new page": queued like every write, then waited on briefly so the editor lands on the new page. A
// taken slug is refused at once while the database answers (the worker checks again).
import "server-only";
import { randomUUID } from "node:crypto";
import { waitForCommand } from "../commands/queue-liveblog";
import { sendCommand } from "../commands/send-command";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { AppError } from "../errors";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import { parsePageInputOrThrow } from "./clean-page-modules";
import { PAGE_SLUG_TAKEN } from "./create-page";
import { ZCreatePageSchema } from "./schemas";

async function slugTaken(database: Db, slug: string): Promise<boolean> {
  try {
    return Boolean(await database.page.findUnique({ where: { slug }, select: { id: true } }));
  } catch (error) {
    if (isDatabaseUnavailable(error)) return false;
    throw error;
  }
}

export async function requestPageCreation(options: { actorId: string; input: unknown }, database: Db = db(), queue: Queue = getQueue()) {
  const input = parsePageInputOrThrow(ZCreatePageSchema, options.input);
  if (await slugTaken(database, input.slug)) throw new AppError("conflict", PAGE_SLUG_TAKEN, { slug: PAGE_SLUG_TAKEN });
  const pageId = randomUUID();
  const envelope = await sendCommand(queue, { actorId: options.actorId, command: { type: "page.create", pageId, input } });
  const status = await waitForCommand(database, { id: envelope.id, actorId: options.actorId, timeoutMs: 5000 });
  if (status.status === "rejected") throw new AppError("conflict", status.reason, status.reason === PAGE_SLUG_TAKEN ? { slug: PAGE_SLUG_TAKEN } : {});
  if (status.status === "failed") throw new AppError("conflict", status.reason);
  return { commandId: envelope.id, pageId, slug: input.slug, status };
}
