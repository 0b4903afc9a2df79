// `npm run workers`: the operator's controls from a shell, with no Postgres anywhere.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { childEnv } from "../lib/env";
import { projectRoot } from "../lib/process/project-paths";
import { LocalQueue } from "../lib/queue/local-queue";
import { LocalWorkerControlStore } from "../lib/queue/local-worker-control-store";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-workers-cli-"));
const queueFile = path.join(dataDir, "queue", "commands.sqlite");
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function workers(...args: string[]) {
  // A database URL nothing answers: the CLI must not need one.
  const env = childEnv({ BALLAST_DATA_DIR: dataDir, DATABASE_URL: "postgresql://ballast:none@127.0.0.1:1/ballast", LOG_LEVEL: "warn" });
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(projectRoot, "bin/workers.ts"), ...args], { cwd: projectRoot, env, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run workers (local queue, Postgres unreachable)", () => {
  it("refuses a data folder with no queue in one line, creating nothing", () => {
    const result = workers("status");
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^No local write queue at .*commands\.sqlite: run this where Ballast runs/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(fs.existsSync(queueFile)).toBe(false);
  });

  it("pauses, caps, resumes and reports status beside the queue, and keeps each change for the audit log", async () => {
    const queue = new LocalQueue({ file: queueFile });
    await queue.send({ id: "waiting-1", groupId: "liveblog:x", body: "{}" });
    await queue.close();

    const paused = workers("pause");
    expect(paused.stderr).toBe("");
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain("Workers paused.");
    expect(paused.stdout).toContain("workers: PAUSED; catch-up cap: none");
    expect(paused.stdout).toContain("queue (local): 1 waiting, 0 in flight");
    expect(workers("cap", "50").stdout).toContain("workers: PAUSED; catch-up cap: 50");
    const resumed = workers("resume");
    expect(resumed.stdout).toContain("workers: running; catch-up cap: 50");
    expect(resumed.stdout).toContain("3 control change(s) waiting for Postgres to be written to the audit log.");

    const store = new LocalWorkerControlStore({ file: queueFile });
    const { controls, unaudited } = await store.read();
    expect(controls).toEqual({ paused: false, maxApplyPerSecond: 50 });
    expect(unaudited.map((change) => [change.via, change.changes])).toEqual([
      ["cli", { paused: true }],
      ["cli", { maxApplyPerSecond: 50 }],
      ["cli", { paused: false }],
    ]);
    expect(unaudited[0]!.by).toBe(`${os.userInfo().username}@${os.hostname()}`);
    await store.close();
  });

  it("rejects a bad cap or command in one line, changing nothing", () => {
    for (const args of [["cap", "fast"], ["cap"], ["cap", "-1"], ["stop"]]) {
      const result = workers(...args);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain("Usage: npm run workers -- status | pause | resume | cap");
    }
    expect(workers("status").stdout).toContain("catch-up cap: 50");
  });
});
