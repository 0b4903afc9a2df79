// The publish loop: claim a job, publish the newest state of its document, repeat; idle-polls when empty.
import type { Db } from "../db";
import type { Publisher } from "../../publishers/types";
import { logger } from "../logger";
import { claimPublishJob, failPublishJob, type TClaimedJob } from "./claim-publish-job";
import { publishLiveBlog } from "./publish-liveblog";

async function runJob(database: Db, publisher: Publisher, job: TClaimedJob) {
  const startedAt = Date.now();
  if (job.documentType !== "liveblog") throw new Error(`Unknown document type "${job.documentType}"`);
  const outcome = await publishLiveBlog(database, { liveBlogId: job.documentId, publisher });
  if (outcome.status !== "published") {
    await database.publishJob.update({ where: { id: job.id }, data: { status: "done", finishedAt: new Date(), lockedAt: null } });
  }
  logger.info({ jobId: String(job.id), documentId: job.documentId, ...outcome, ms: Date.now() - startedAt }, "publish job finished");
}

export async function runPublishWorker(options: { database: Db; publisher: Publisher; pollMs: number; signal: AbortSignal }): Promise<void> {
  const { database, publisher, pollMs, signal } = options;
  while (!signal.aborted) {
    let job: TClaimedJob | null = null;
    try {
      job = await claimPublishJob(database);
      if (job) await runJob(database, publisher, job);
    } catch (error) {
      logger.error({ err: error, jobId: job ? String(job.id) : undefined }, "publish job failed; will retry");
      if (job) await failPublishJob(database, job, error).catch((failError) => logger.error({ err: failError }, "could not record the failure"));
      job = null;
      await sleep(pollMs * 10, signal);
    }
    if (!job) await sleep(pollMs, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
