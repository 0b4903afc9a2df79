// Every process in bin/ that cannot start says why in one human line on stderr: no stack, no raw Prisma error.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { childEnv } from "../lib/env";
import { projectRoot } from "../lib/process/project-paths";
import { WORKER_NODE_FLAGS } from "../lib/process/worker-node-flags";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-entry-points-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function run(entry: string, env: Record<string, string>, conditions: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...conditions, "--import", "tsx", path.join(projectRoot, "bin", entry)], {
      cwd: projectRoot,
      env: childEnv({ BALLAST_DATA_DIR: dataDir, LOG_LEVEL: "info", ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("bin/ entry points that cannot start", () => {
  it.each([
    ["start.ts", { PORT: "not-a-port" }, [], /^\[ballast\] Could not start: Invalid configuration: PORT: [^\n]+\n$/],
    ["admin-server.ts", { PORT: "not-a-port" }, [], /^\[ballast\] The admin server could not start: Invalid configuration: PORT: [^\n]+\n$/],
    ["worker.ts", { PORT: "not-a-port" }, ["--conditions=react-server"], /^\[ballast\] The worker stopped: Invalid configuration: PORT: [^\n]+\n$/],
    ["worker.ts", { DATABASE_URL: "" }, ["--conditions=react-server"], /^\[ballast\] The worker stopped: DATABASE_URL is not set; start Ballast with `npm start`, which provides one\.\n$/],
  ])("%s with %o prints one line and exits 1", async (entry, env, conditions, line) => {
    const result = await run(entry, env, conditions);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(line);
    expect(result.stdout).not.toMatch(/^\s+at /m);
  });
});

describe("the worker's Node flags", () => {
  it("`npm run worker` starts the worker with the same V8 flags as the launcher and the dataset benchmark", () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(packageJson.scripts.worker).toBe(`node ${WORKER_NODE_FLAGS.join(" ")} --import tsx bin/worker.ts`);
  });
});
