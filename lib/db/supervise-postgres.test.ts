// The supervisor's rules with stand-in processes: restart after an exit, backoff, one line per event, health checks, stop.
import { describe, expect, it } from "vitest";
import { supervisePostgres, type TServerExit, type TServerProcess } from "./supervise-postgres";

type TFakeServer = TServerProcess & { signals: NodeJS.Signals[]; die: (exit: TServerExit) => void };

let nextPid = 1000;
function fakeServer(): TFakeServer {
  let resolveExit!: (exit: TServerExit) => void;
  const exited = new Promise<TServerExit>((resolve) => (resolveExit = resolve));
  const signals: NodeJS.Signals[] = [];
  return {
    pid: nextPid++,
    exited,
    signals,
    die: (exit) => resolveExit(exit),
    kill: (signal) => {
      signals.push(signal);
      resolveExit({ code: null, signal });
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("supervisePostgres", () => {
  it("starts a server that exits again after the first delay and says so in one line per event", async () => {
    const lines: string[] = [];
    const first = fakeServer();
    const second = fakeServer();
    const supervisor = supervisePostgres(first, { restart: async () => second, log: (line) => lines.push(line), initialDelayMs: 100 });
    first.die({ code: null, signal: "SIGKILL" });
    await expect.poll(() => supervisor.current()).toBe(second);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("Postgres exited (signal SIGKILL); restarting in 0.1 s…");
    expect(lines[1]).toMatch(/^Postgres is back after 0\.\d s$/);
    await supervisor.stop();
    expect(second.signals).toEqual(["SIGINT"]);
  });

  it("doubles the delay after each failed start up to the maximum, and names the reason", async () => {
    const lines: string[] = [];
    const first = fakeServer();
    const replacement = fakeServer();
    let attempts = 0;
    const attemptTimes: number[] = [];
    const restart = async () => {
      attemptTimes.push(Date.now());
      if (++attempts <= 3) throw new Error("Postgres exited during start-up: FATAL: could not create any TCP/IP sockets");
      return replacement;
    };
    const supervisor = supervisePostgres(first, { restart, log: (line) => lines.push(line), initialDelayMs: 100, maxDelayMs: 400 });
    const diedAt = Date.now();
    first.die({ code: 1, signal: null });
    await expect.poll(() => supervisor.current(), { timeout: 5_000 }).toBe(replacement);
    expect(lines).toEqual([
      "Postgres exited (exit code 1); restarting in 0.1 s…",
      "Postgres did not start (Postgres exited during start-up: FATAL: could not create any TCP/IP sockets); retrying in 0.2 s…",
      "Postgres did not start (Postgres exited during start-up: FATAL: could not create any TCP/IP sockets); retrying in 0.4 s…",
      "Postgres did not start (Postgres exited during start-up: FATAL: could not create any TCP/IP sockets); retrying in 0.4 s…",
      expect.stringMatching(/^Postgres is back after 1\.\d s$/),
    ]);
    // Waits of 0.1, 0.2, 0.4 and 0.4 s between the attempts (timers never fire early).
    const gaps = [attemptTimes[0]! - diedAt, ...attemptTimes.slice(1).map((at, index) => at - attemptTimes[index]!)];
    gaps.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual([100, 200, 400, 400][index]! - 2));
    await supervisor.stop();
  });

  it("keeps the longer delay for a server that dies again soon, and starts over after a stable run", async () => {
    const lines: string[] = [];
    const servers = [fakeServer(), fakeServer(), fakeServer(), fakeServer()];
    let started = 1;
    const supervisor = supervisePostgres(servers[0]!, { restart: async () => servers[started++]!, log: (line) => lines.push(line), initialDelayMs: 100, stableMs: 400 });
    servers[0]!.die({ code: null, signal: "SIGKILL" });
    await expect.poll(() => supervisor.current()).toBe(servers[1]);
    servers[1]!.die({ code: null, signal: "SIGKILL" }); // at once: a crash loop backs off
    await expect.poll(() => supervisor.current()).toBe(servers[2]);
    await sleep(450); // up longer than stableMs
    servers[2]!.die({ code: null, signal: "SIGKILL" });
    await expect.poll(() => supervisor.current()).toBe(servers[3]);
    expect(lines.filter((line) => line.startsWith("Postgres exited"))).toEqual([
      "Postgres exited (signal SIGKILL); restarting in 0.1 s…",
      "Postgres exited (signal SIGKILL); restarting in 0.2 s…",
      "Postgres exited (signal SIGKILL); restarting in 0.1 s…",
    ]);
    await supervisor.stop();
  });

  it("stop() while waiting to restart starts nothing", async () => {
    const first = fakeServer();
    let restarts = 0;
    const supervisor = supervisePostgres(first, { restart: async () => (restarts++, fakeServer()), log: () => undefined, initialDelayMs: 200 });
    first.die({ code: null, signal: "SIGKILL" });
    await sleep(20);
    await supervisor.stop();
    await sleep(300);
    expect(restarts).toBe(0);
    expect(supervisor.current()).toBeUndefined();
  });

  it("stop() during a restart aborts it and waits for it to end", async () => {
    const first = fakeServer();
    let abortedRestart = false;
    const restart = (signal: AbortSignal) =>
      new Promise<TServerProcess>((_, reject) =>
        signal.addEventListener("abort", () => {
          abortedRestart = true;
          reject(new Error("stopped while starting"));
        }),
      );
    const lines: string[] = [];
    const supervisor = supervisePostgres(first, { restart, log: (line) => lines.push(line), initialDelayMs: 10 });
    first.die({ code: null, signal: "SIGKILL" });
    await sleep(100);
    await supervisor.stop();
    expect(abortedRestart).toBe(true);
    expect(lines).toEqual(["Postgres exited (signal SIGKILL); restarting in 10 ms…"]);
  });

  it("kills a running server that stops answering its health check, then starts it again", async () => {
    const lines: string[] = [];
    const wedged = fakeServer();
    const healthy = fakeServer();
    const supervisor = supervisePostgres(wedged, {
      restart: async () => healthy,
      // The wedged server never answers; its replacement does.
      probe: async () => supervisor.current() === healthy,
      log: (line) => lines.push(line),
      initialDelayMs: 10,
      probeIntervalMs: 20,
      unresponsiveMs: 200,
    });
    await expect.poll(() => supervisor.current(), { timeout: 3_000 }).toBe(healthy);
    expect(wedged.signals[0]).toBe("SIGQUIT");
    expect(lines[0]).toBe("Postgres has not answered a health check for 0.2 s; restarting it");
    expect(lines[1]).toBe("Postgres exited (signal SIGQUIT); restarting in 10 ms…");
    await sleep(300);
    expect(healthy.signals).toEqual([]);
    await supervisor.stop();
  });
});
