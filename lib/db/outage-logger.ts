// A database outage is logged once when it starts and once when it ends, with a short reason: a loop that retries
// every second must not print a stack per attempt. One per component, so each says when it resumes.
import { logger as defaultLogger } from "../logger";
import { describeDatabaseOutage } from "./describe-database-error";

type TLog = { warn: (fields: object, message: string) => void; info: (fields: object, message: string) => void };

export type TOutageLogger = {
  /** True when `error` means Postgres is unreachable (logged once per outage); false for any other error, which
   * the caller logs as it sees fit. */
  failed: (error: unknown) => boolean;
  /** Call after the database answered: ends an outage (logged once). */
  succeeded: () => void;
  readonly isDown: boolean;
};

/** `component` names who is waiting, e.g. "publish worker": "Postgres unreachable (connection refused); publish worker waiting for it". */
export function createOutageLogger(component: string, options: { log?: TLog; now?: () => number } = {}): TOutageLogger {
  const log = options.log ?? defaultLogger;
  const now = options.now ?? Date.now;
  let downSinceMs: number | null = null;
  return {
    failed(error) {
      const outage = describeDatabaseOutage(error);
      if (!outage) return false;
      if (downSinceMs === null) {
        downSinceMs = now();
        log.warn({ component, reason: outage.reason, address: outage.address ?? undefined }, `Postgres unreachable (${outage.reason}); ${component} waiting for it`);
      }
      return true;
    },
    succeeded() {
      if (downSinceMs === null) return;
      const downMs = now() - downSinceMs;
      downSinceMs = null;
      log.info({ component, downMs }, `Postgres reachable again after ${(downMs / 1000).toFixed(1)} s; ${component} resuming`);
    },
    get isDown() {
      return downSinceMs !== null;
    },
  };
}
