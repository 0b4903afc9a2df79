// Keeps the embedded Postgres running under `npm start`: when it exits, or stops answering its health check, it is
// started again with backoff, and each event is one log line. The server it supervises is started by the caller
// (same data directory, same port, so DATABASE_URL stays valid).

export type TServerExit = { code: number | null; signal: NodeJS.Signals | null };

export type TServerProcess = {
  pid: number;
  /** Resolves once the process has exited. */
  exited: Promise<TServerExit>;
  kill: (signal: NodeJS.Signals) => void;
};

export type TSuperviseOptions = {
  /** Starts the server again and resolves once it accepts connections; rejects (one-line message) if it cannot,
   * or once `signal` aborts (supervision stopped), leaving no process behind. */
  restart: (signal: AbortSignal) => Promise<TServerProcess>;
  /** Resolves true when the server answered (even with an error), false when it gave no answer in time. */
  probe?: () => Promise<boolean>;
  log: (line: string) => void;
  /** First restart delay, doubled per failure up to maxDelayMs; back to the first after stableMs of uptime. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  stableMs?: number;
  probeIntervalMs?: number;
  /** A running server that has not answered a probe for this long is killed and restarted. */
  unresponsiveMs?: number;
  /** How a stop() asks the server to shut down (Postgres: SIGINT = fast shutdown). */
  stopSignal?: NodeJS.Signals;
};

export type TSupervisor = {
  /** The running server, or undefined while it is being restarted. */
  current: () => TServerProcess | undefined;
  /** Ends supervision and shuts the server down (a restart in progress included). */
  stop: () => Promise<void>;
};

/** "0.5 s", "10 s", "3.1 s"; under a tenth of a second in ms. */
export function formatSeconds(ms: number): string {
  if (ms < 100) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s`;
}

function describeExit(exit: TServerExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export function supervisePostgres(first: TServerProcess, options: TSuperviseOptions): TSupervisor {
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const stableMs = options.stableMs ?? 60_000;
  const unresponsiveMs = options.unresponsiveMs ?? 30_000;
  const { log } = options;

  let current: TServerProcess | undefined;
  let stopping = false;
  const stopped = new AbortController();
  let delayMs = initialDelayMs;
  let upSinceMs = Date.now();
  let recovery: Promise<void> = Promise.resolve();
  let wakeRecovery: (() => void) | undefined;

  const waitUnlessStopped = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeRecovery = undefined;
        resolve();
      }
      wakeRecovery = done;
    });

  const watch = (server: TServerProcess) => {
    current = server;
    upSinceMs = Date.now();
    void server.exited.then((exit) => {
      if (stopping || current !== server) return;
      current = undefined;
      recovery = recover(exit);
    });
  };

  async function recover(exit: TServerExit) {
    const downSinceMs = Date.now();
    if (downSinceMs - upSinceMs >= stableMs) delayMs = initialDelayMs;
    log(`Postgres exited (${describeExit(exit)}); restarting in ${formatSeconds(delayMs)}…`);
    while (!stopping) {
      await waitUnlessStopped(delayMs);
      if (stopping) return;
      delayMs = Math.min(maxDelayMs, delayMs * 2);
      let server: TServerProcess;
      try {
        server = await options.restart(stopped.signal);
      } catch (error) {
        if (stopping) return;
        log(`Postgres did not start (${error instanceof Error ? error.message : String(error)}); retrying in ${formatSeconds(delayMs)}…`);
        continue;
      }
      if (stopping) {
        server.kill(options.stopSignal ?? "SIGINT");
        await server.exited;
        return;
      }
      log(`Postgres is back after ${formatSeconds(Date.now() - downSinceMs)}`);
      watch(server);
      return;
    }
  }

  // A server that is running but answers nothing (wedged, stopped) is killed; the exit above restarts it.
  let unansweredSinceMs: number | undefined;
  let probing = false;
  const probeTimer = options.probe
    ? setInterval(() => {
        const server = current;
        if (!server || probing || stopping) return;
        probing = true;
        void options.probe!()
          .catch(() => false)
          .then((answered) => {
            probing = false;
            if (answered || current !== server || stopping) {
              unansweredSinceMs = undefined;
              return;
            }
            unansweredSinceMs ??= Date.now();
            if (Date.now() - unansweredSinceMs < unresponsiveMs) return;
            unansweredSinceMs = undefined;
            log(`Postgres has not answered a health check for ${formatSeconds(unresponsiveMs)}; restarting it`);
            server.kill("SIGQUIT");
            const killer = setTimeout(() => server.kill("SIGKILL"), 5_000);
            void server.exited.then(() => clearTimeout(killer));
          });
      }, options.probeIntervalMs ?? 5_000)
    : undefined;
  probeTimer?.unref();

  watch(first);

  return {
    current: () => current,
    async stop() {
      stopping = true;
      stopped.abort();
      if (probeTimer) clearInterval(probeTimer);
      wakeRecovery?.();
      await recovery;
      const server = current;
      current = undefined;
      if (!server) return;
      server.kill(options.stopSignal ?? "SIGINT");
      await server.exited;
    },
  };
}
