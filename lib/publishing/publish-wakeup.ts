// Wakes idle publish workers the moment a publish job commits (Postgres LISTEN/NOTIFY); polling stays as a fallback.
import pg from "pg";
import { createOutageLogger } from "../db/outage-logger";
import { describeError, logger } from "../logger";

/** Saving transactions notify this channel; Postgres delivers a notification only if and when they commit. */
export const PUBLISH_CHANNEL = "ballast_publish";
const CHANNEL = PUBLISH_CHANNEL;

/** A sleep that ends early on wake(). */
export class Waker {
  private waiters = new Set<() => void>();

  wake(): void {
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      this.waiters.add(done);
    });
  }
}

/** Listens on a dedicated connection; reconnects after errors, once a second. Returns a function that stops listening. */
export function listenForPublishJobs(connectionString: string, waker: Waker): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  const outage = createOutageLogger("publish wake-up listener");
  let lastProblem: string | undefined;
  const failed = (error: unknown) => {
    if (outage.failed(error)) return;
    // Anything else (a changed password, say) is logged once per distinct problem, in one line.
    const problem = describeError(error);
    if (problem !== lastProblem) logger.warn({ reason: problem }, "publish wake-up connection failed; polling until it is back");
    lastProblem = problem;
  };
  const connect = async () => {
    while (!stopped) {
      const attempt = new pg.Client({ connectionString });
      client = attempt;
      // Until LISTEN succeeds, failures arrive through the rejected promise below.
      attempt.on("error", () => undefined);
      try {
        await attempt.connect();
        await attempt.query(`LISTEN ${CHANNEL}`);
      } catch (error) {
        failed(error);
        await attempt.end().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (stopped) {
        await attempt.end().catch(() => undefined);
        return;
      }
      attempt.removeAllListeners("error");
      attempt.on("notification", () => waker.wake());
      attempt.once("error", (error) => {
        failed(error);
        void attempt.end().catch(() => undefined);
        if (!stopped) setTimeout(() => void connect(), 1000);
      });
      attempt.on("error", () => undefined);
      outage.succeeded();
      lastProblem = undefined;
      // Jobs committed while the connection was down sent notifications nobody heard: look now.
      waker.wake();
      return;
    }
  };
  void connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
