import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../db";
import { LocalQueue } from "../queue/local-queue";
import { LocalWorkerControlStore } from "../queue/local-worker-control-store";
import { createTestUser, testDb } from "../../test/support/test-db";
import { changeWorkerControls } from "./change-worker-controls";
import { getSystemStatus } from "./get-system-status";
import { recordWorkerControlAudits } from "./record-worker-control-audits";
import { resolveDeadLetter } from "./resolve-dead-letter";
import { WORKER_CONTROLS_AUDIT_ACTION, WORKER_CONTROLS_AUDIT_SUBJECT } from "./schemas";

const queueDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-system-test-"));
// Nothing listens on port 1: every query fails at once with ECONNREFUSED, as with Postgres stopped.
const unreachableDb = createDb("postgresql://ballast:none@127.0.0.1:1/ballast");
afterAll(async () => {
  await unreachableDb.$disconnect();
  fs.rmSync(queueDir, { recursive: true, force: true });
});

const queueFile = () => path.join(queueDir, `${randomUUID()}.sqlite`);

/** A local queue holding one dead letter (it fails its only attempt). */
async function queueWithDeadLetter() {
  const queue = new LocalQueue({ file: queueFile(), maxAttempts: 1 });
  const outgoing = { id: randomUUID(), groupId: "liveblog:test", body: "poison" };
  await queue.send(outgoing);
  const [received] = await queue.receive({ max: 1, visibilityMs: 10_000 });
  await queue.release(received!, { delayMs: 0, error: "rejected" });
  return { queue, id: outgoing.id };
}

const auditRowsFor = (changeId: string) => testDb().auditLog.findMany({ where: { subjectType: WORKER_CONTROLS_AUDIT_SUBJECT, subjectId: changeId } });

describe("worker controls from the System page (real Postgres, local store)", () => {
  it("changes the controls in the store and records who changed them in audit_log at once when the database answers", async () => {
    const admin = await createTestUser({ role: "admin" });
    const store = new LocalWorkerControlStore({ file: queueFile() });
    const result = await changeWorkerControls({ actor: admin, input: { paused: true } }, { store, database: testDb });
    expect(result).toEqual({ controls: { paused: true, maxApplyPerSecond: 0 }, audited: true });
    const { controls, unaudited } = await store.read();
    expect(controls).toEqual({ paused: true, maxApplyPerSecond: 0 });
    expect(unaudited).toEqual([]);
    const rows = await testDb().auditLog.findMany({ where: { actorId: admin.id, action: WORKER_CONTROLS_AUDIT_ACTION } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toMatchObject({ paused: true, controls: { paused: true, maxApplyPerSecond: 0 }, via: "admin", by: admin.email });
    await store.close();
  });

  it("with the database unreachable, still pauses, keeps the change, and audits it once when a worker later writes it", async () => {
    const admin = await createTestUser({ role: "admin" });
    const store = new LocalWorkerControlStore({ file: queueFile() });
    const result = await changeWorkerControls({ actor: admin, input: { maxApplyPerSecond: 25 } }, { store, database: () => unreachableDb });
    expect(result).toEqual({ controls: { paused: false, maxApplyPerSecond: 25 }, audited: false });
    const { unaudited } = await store.read();
    expect(unaudited).toHaveLength(1);
    const [change] = unaudited;
    expect(await auditRowsFor(change!.id)).toHaveLength(0);

    // Postgres is back: a worker writes it; a second writer (another worker, or a retry) adds nothing.
    expect(await recordWorkerControlAudits({ database: testDb(), store, changes: unaudited })).toBe(1);
    expect(await recordWorkerControlAudits({ database: testDb(), store, changes: unaudited })).toBe(1);
    const rows = await auditRowsFor(change!.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: admin.id, action: WORKER_CONTROLS_AUDIT_ACTION, details: { maxApplyPerSecond: 25, via: "admin", changedAt: new Date(change!.changedAtMs).toISOString() } });
    expect((await store.read()).unaudited).toEqual([]);
    await store.close();
  });

  it("writes one audit row per change when several workers audit the same changes at the same moment", async () => {
    const store = new LocalWorkerControlStore({ file: queueFile() });
    for (const paused of [true, false, true, false]) await store.change({ paused }, { actorId: null, via: "cli", by: "ops@host" });
    const { unaudited } = await store.read();
    await Promise.all(Array.from({ length: 4 }, () => recordWorkerControlAudits({ database: testDb(), store, changes: unaudited })));
    for (const change of unaudited) expect(await auditRowsFor(change.id)).toHaveLength(1);
    await store.close();
  });

  it("audits a CLI change with no actor, and names an actor the database does not know in the details", async () => {
    const store = new LocalWorkerControlStore({ file: queueFile() });
    const fromCli = await store.change({ paused: true }, { actorId: null, via: "cli", by: "ops@host" });
    const unknownActorId = randomUUID();
    const fromGone = await store.change({ paused: false }, { actorId: unknownActorId, via: "admin", by: "gone@example.com" });
    await recordWorkerControlAudits({ database: testDb(), store, changes: [fromCli, fromGone] });
    expect((await auditRowsFor(fromCli.id))[0]).toMatchObject({ actorId: null, details: { via: "cli", by: "ops@host", paused: true } });
    expect((await auditRowsFor(fromGone.id))[0]).toMatchObject({ actorId: null, details: { actorId: unknownActorId, by: "gone@example.com" } });
    await store.close();
  });

  it("reports the queue, the workers and the controls with the database unreachable, and publishing only when it answers", async () => {
    const file = queueFile();
    const queue = new LocalQueue({ file });
    const store = new LocalWorkerControlStore({ file });
    await queue.send({ id: randomUUID(), groupId: "liveblog:status", body: "{}" });
    await store.change({ paused: true }, { actorId: null, via: "cli", by: "ops@host" });
    await store.reportHeartbeat({ id: "host:1", state: "paused", appliedTotal: 3, lastError: null, startedAtMs: Date.now() - 1000, lastSeenAtMs: Date.now() });

    const down = await getSystemStatus({ database: () => unreachableDb, queue, store });
    expect(down).toMatchObject({
      databaseReachable: false,
      publishing: null,
      queue: { driver: "local", depth: 1 },
      controls: { paused: true, maxApplyPerSecond: 0 },
      unauditedChanges: 1,
      workers: [{ id: "host:1", state: "paused", appliedTotal: 3 }],
    });
    expect(down.queue.oldestAgeMs).toBeGreaterThanOrEqual(0);

    const up = await getSystemStatus({ database: testDb, queue, store });
    expect(up.databaseReachable).toBe(true);
    expect(up.publishing).toMatchObject({ pendingJobs: expect.any(Number), publishesLastHour: expect.any(Number) });
    await Promise.all([queue.close(), store.close()]);
  });
});

describe("dead letters (real Postgres, local queue)", () => {
  it("retries a dead letter onto the queue and records who did", async () => {
    const admin = await createTestUser({ role: "admin" });
    const { queue, id } = await queueWithDeadLetter();
    expect(await resolveDeadLetter({ actorId: admin.id, input: { id, action: "retry" } }, testDb(), queue)).toEqual({ id, action: "retry" });
    expect(await queue.stats()).toMatchObject({ depth: 1, deadLetters: 0 });
    expect(await testDb().auditLog.count({ where: { actorId: admin.id, action: "dead-letter.retry", details: { equals: { commandId: id } } } })).toBe(1);
    await queue.close();
  });

  it("discards a dead letter for good and records who did", async () => {
    const admin = await createTestUser({ role: "admin" });
    const { queue, id } = await queueWithDeadLetter();
    await resolveDeadLetter({ actorId: admin.id, input: { id, action: "discard" } }, testDb(), queue);
    expect(await queue.stats()).toMatchObject({ depth: 0, deadLetters: 0 });
    expect(await testDb().auditLog.count({ where: { actorId: admin.id, action: "dead-letter.discard", details: { equals: { commandId: id } } } })).toBe(1);
    await queue.close();
  });
});
