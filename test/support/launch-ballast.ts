// Runs `npm start`'s launcher as a child process, for tests and benchmarks that need the whole app.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { childEnv } from "../../lib/env";
import { projectRoot } from "../../lib/process/project-paths";

export type TLaunchedBallast = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the "Ballast is running." banner is printed; rejects if the launcher exits first. */
  ready: Promise<void>;
  /** Resolves once the output matches `pattern`; rejects after `timeoutMs` or if the launcher exits first. */
  waitForOutput: (pattern: RegExp, timeoutMs: number) => Promise<void>;
  /** Ctrl-C, then waits for a clean exit. */
  stop: () => Promise<number | null>;
};

export function launchBallast(env: Record<string, string | undefined>): TLaunchedBallast {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "bin/start.ts")], {
    cwd: projectRoot,
    env: childEnv({ LOG_LEVEL: "warn", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ballast is running.")) resolve();
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    void exited.then((code) => reject(new Error(`The launcher exited (${code}) before it was ready:\n${output}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    output: () => output,
    exited,
    ready,
    async waitForOutput(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The launcher exited before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`The launcher did not print ${pattern} within ${timeoutMs / 1000} s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      return exited;
    },
  };
}
