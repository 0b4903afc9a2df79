// The admin's "new live blog": queued like every write, then waited on briefly so the editor lands on the new blog.
import "server-only";
import { queueLiveBlog } from "../commands/queue-liveblog";
import { db, type Db } from "../db";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";

export function requestLiveBlogCreation(options: { actorId: string; input: unknown }, database: Db = db(), queue: Queue = getQueue()) {
  return queueLiveBlog(database, queue, options);
}
