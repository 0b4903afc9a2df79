// Wakes idle publish workers the moment a publish job commits (Postgres LISTEN/NOTIFY); polling stays as a fallback.
import pg from "pg";
import { logger } from "../logger";

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

/** Listens on a dedicated connection; reconnects after errors. Returns a function that stops listening. */
export function listenForPublishJobs(connectionString: string, waker: Waker): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  const connect = async () => {
    while (!stopped) {
      try {
        client = new pg.Client({ connectionString });
        client.on("notification", () => waker.wake());
        client.on("error", (error) => {
          logger.warn({ err: error }, "publish wake-up connection lost; polling until it is back");
          void client?.end().catch(() => undefined);
          if (!stopped) setTimeout(() => void connect(), 1000);
        });
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        return;
      } catch {
        await client?.end().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };
  void connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
