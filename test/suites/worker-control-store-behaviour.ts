// What every WorkerControlStore must do, written once so the local (SQLite) and the S3 stores run the same suite.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TWorkerHeartbeat, WorkerControlStore } from "../../lib/queue/worker-control-store";

export type TControlStoreUnderTest = {
  store: WorkerControlStore;
  /** Another handle on the same stored controls: another process or machine. */
  openAnother: () => WorkerControlStore;
  cleanup: () => Promise<void>;
};

const admin = { actorId: "8f1c3d4e-1b2a-4c5d-9e8f-0a1b2c3d4e5f", via: "admin", by: "admin@example.com" } as const;
const cli = { actorId: null, via: "cli", by: "ops@host" } as const;

function heartbeat(overrides: Partial<TWorkerHeartbeat> & { id: string }): TWorkerHeartbeat {
  const nowMs = Date.now();
  return { state: "running", appliedTotal: 0, lastError: null, startedAtMs: nowMs - 60_000, lastSeenAtMs: nowMs, ...overrides };
}

export function describeWorkerControlStoreBehaviour(name: string, open: () => Promise<TControlStoreUnderTest>) {
  describe(`WorkerControlStore behaviour: ${name}`, () => {
    let subject: TControlStoreUnderTest;
    const others: WorkerControlStore[] = [];
    const another = () => {
      const store = subject.openAnother();
      others.push(store);
      return store;
    };

    beforeEach(async () => {
      subject = await open();
    });
    afterEach(async () => {
      await Promise.all(others.splice(0).map((store) => store.close()));
      await subject.cleanup();
    });

    it("starts running with no cap and nothing to audit", async () => {
      expect(await subject.store.read()).toEqual({ controls: { paused: false, maxApplyPerSecond: 0 }, unaudited: [] });
    });

    it("pauses, caps and resumes, each change seen by another handle and kept for the audit log in order", async () => {
      const pause = await subject.store.change({ paused: true }, cli);
      expect(pause).toMatchObject({ changes: { paused: true }, controls: { paused: true, maxApplyPerSecond: 0 }, via: "cli", by: "ops@host", actorId: null });
      const cap = await another().change({ maxApplyPerSecond: 40 }, admin);
      expect(cap.controls).toEqual({ paused: true, maxApplyPerSecond: 40 });
      const resume = await subject.store.change({ paused: false }, admin);
      expect(resume.controls).toEqual({ paused: false, maxApplyPerSecond: 40 });

      const seen = await another().read();
      expect(seen.controls).toEqual({ paused: false, maxApplyPerSecond: 40 });
      expect(seen.unaudited.map((change) => change.id)).toEqual([pause.id, cap.id, resume.id]);
      expect(seen.unaudited[1]).toMatchObject({ actorId: admin.actorId, via: "admin", by: "admin@example.com", changes: { maxApplyPerSecond: 40 } });
      expect(new Set(seen.unaudited.map((change) => change.id)).size).toBe(3);

      const lifted = await subject.store.change({ maxApplyPerSecond: 0 }, cli);
      expect(lifted.controls).toEqual({ paused: false, maxApplyPerSecond: 0 });
    });

    it("forgets only the changes marked audited, and ignores ids it does not hold", async () => {
      const first = await subject.store.change({ paused: true }, cli);
      const second = await subject.store.change({ paused: false }, cli);
      await another().markAudited([first.id, "00000000-0000-4000-8000-000000000000"]);
      const { controls, unaudited } = await another().read();
      expect(unaudited.map((change) => change.id)).toEqual([second.id]);
      expect(controls.paused).toBe(false);
      await subject.store.markAudited([second.id]);
      expect((await another().read()).unaudited).toEqual([]);
    });

    it("keeps the controls when reopened", async () => {
      await subject.store.change({ paused: true, maxApplyPerSecond: 7 }, cli);
      await subject.store.close();
      subject.store = subject.openAnother();
      expect((await subject.store.read()).controls).toEqual({ paused: true, maxApplyPerSecond: 7 });
    });

    it("lists the workers that reported recently, newest start first, with their latest state", async () => {
      const nowMs = Date.now();
      await subject.store.reportHeartbeat(heartbeat({ id: "host-a:100", startedAtMs: nowMs - 50_000 }));
      await another().reportHeartbeat(heartbeat({ id: "host-b:200", startedAtMs: nowMs - 10_000, state: "backing-off", lastError: "Postgres unreachable (connection refused)" }));
      await subject.store.reportHeartbeat(heartbeat({ id: "host-c:300", lastSeenAtMs: nowMs - 120_000 }));
      await subject.store.reportHeartbeat(heartbeat({ id: "host-a:100", startedAtMs: nowMs - 50_000, state: "paused", appliedTotal: 12 }));

      const workers = await another().listWorkers(60_000);
      expect(workers.map((worker) => worker.id)).toEqual(["host-b:200", "host-a:100"]);
      expect(workers[0]).toMatchObject({ state: "backing-off", lastError: "Postgres unreachable (connection refused)" });
      expect(workers[1]).toMatchObject({ state: "paused", appliedTotal: 12 });
    });
  });
}
