import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readWorkerControls } from "../commands/worker-controls";
import { LocalQueue } from "../queue/local-queue";
import { createTestUser, testDb } from "../../test/support/test-db";
import { changeWorkerControls } from "./change-worker-controls";
import { resolveDeadLetter } from "./resolve-dead-letter";

const queueDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-system-test-"));
afterAll(() => fs.rmSync(queueDir, { recursive: true, force: true }));

/** A local queue holding one dead letter (it fails its only attempt). */
async function queueWithDeadLetter() {
  const queue = new LocalQueue({ file: path.join(queueDir, `${randomUUID()}.sqlite`), maxAttempts: 1 });
  const outgoing = { id: randomUUID(), groupId: "liveblog:test", body: "poison" };
  await queue.send(outgoing);
  const [received] = await queue.receive({ max: 1, visibilityMs: 10_000 });
  await queue.release(received!, { delayMs: 0, error: "rejected" });
  return { queue, id: outgoing.id };
}

// The controls are one row shared with the other test files' workers, so these tests never leave it changed.
describe("system controls (real Postgres, local queue)", () => {
  it("records who set the worker controls, with the controls they set", async () => {
    const admin = await createTestUser({ role: "admin" });
    const current = await readWorkerControls(testDb());
    expect(await changeWorkerControls({ actorId: admin.id, input: current }, testDb())).toEqual(current);
    const audit = await testDb().auditLog.findFirstOrThrow({ where: { actorId: admin.id, action: "workers.controls" } });
    expect(audit.details).toEqual(current);
  });

  it("leaves the worker controls unchanged when their audit row cannot be written (one transaction)", async () => {
    const before = await readWorkerControls(testDb());
    const unknownActor = randomUUID();
    await expect(changeWorkerControls({ actorId: unknownActor, input: { maxApplyPerSecond: before.maxApplyPerSecond === 100_000 ? 99_999 : 100_000 } }, testDb())).rejects.toThrow();
    expect(await readWorkerControls(testDb())).toEqual(before);
    expect(await testDb().auditLog.count({ where: { actorId: unknownActor } })).toBe(0);
  });

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
