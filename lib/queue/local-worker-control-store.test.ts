// The local control store runs the shared behaviour suite, then shows it lives in the queue's own file and is shared
// by processes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { describeWorkerControlStoreBehaviour } from "../../test/suites/worker-control-store-behaviour";
import { LocalQueue } from "./local-queue";
import { LocalWorkerControlStore } from "./local-worker-control-store";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function queueFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-controls-"));
  tempDirs.push(dir);
  return path.join(dir, "queue", "commands.sqlite");
}

describeWorkerControlStoreBehaviour("local (the queue's SQLite file)", async () => {
  const file = queueFile();
  const store = new LocalWorkerControlStore({ file });
  const subject = { store, openAnother: () => new LocalWorkerControlStore({ file }), cleanup: () => subject.store.close() };
  return subject;
});

describe("LocalWorkerControlStore", () => {
  it("keeps its tables in the local queue's file, beside the queued messages", async () => {
    const file = queueFile();
    const queue = new LocalQueue({ file });
    await queue.send({ id: "m1", groupId: "g", body: "{}" });
    const store = new LocalWorkerControlStore({ file });
    await store.change({ paused: true }, { actorId: null, via: "cli", by: "ops@host" });
    const raw = new Database(file, { readonly: true });
    const tables = raw.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(["messages", "dead_letters", "worker_controls", "worker_control_changes", "worker_heartbeats"]));
    expect(raw.prepare("SELECT paused FROM worker_controls").get()).toEqual({ paused: 1 });
    raw.close();
    expect((await queue.stats()).depth).toBe(1);
    await Promise.all([queue.close(), store.close()]);
  });

  it("refuses to create a queue file when asked not to (the CLI pointed at the wrong data folder)", () => {
    const file = queueFile();
    expect(() => new LocalWorkerControlStore({ file, createIfMissing: false })).toThrow(`No local write queue at ${file}`);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("sees a pause made by another process at once", async () => {
    const file = queueFile();
    const store = new LocalWorkerControlStore({ file });
    expect((await store.read()).controls.paused).toBe(false);
    const script = `
      import { LocalWorkerControlStore } from ${JSON.stringify(path.join(repoRoot, "lib/queue/local-worker-control-store.ts"))};
      const store = new LocalWorkerControlStore({ file: ${JSON.stringify(file)} });
      await store.change({ paused: true }, { actorId: null, via: "cli", by: "other@process" });
      await store.close();`;
    const scriptFile = path.join(path.dirname(file), "pause.mts");
    fs.writeFileSync(scriptFile, script);
    const result = spawnSync(process.execPath, ["--import", "tsx", scriptFile], { cwd: repoRoot, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { controls, unaudited } = await store.read();
    expect(controls.paused).toBe(true);
    expect(unaudited.map((change) => change.by)).toEqual(["other@process"]);
    await store.close();
  });
});
