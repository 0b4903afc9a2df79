// An SQS FIFO batch may hold several messages of one group: the apply worker applies them in order, and puts a
// group's later messages back behind one that could not be applied.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { LocalWorkerControlStore } from "../queue/local-worker-control-store";
import type { Queue, TOutgoingMessage, TReceivedMessage } from "../queue/types";
import { applyCommand } from "./apply-command";
import { runApplyWorker } from "./run-apply-worker";
import { prepareCommandMessage, queueGroupOf } from "./send-command";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-order-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Delivers every waiting message in one batch, like an SQS FIFO receive of up to 10 messages of one group. */
class WholeBatchQueue implements Queue {
  readonly driver = "sqs" as const;
  readonly maxAttempts = 5;
  waiting: TOutgoingMessage[] = [];
  acked: string[] = [];
  released: string[] = [];
  async send(message: TOutgoingMessage) {
    this.waiting.push(message);
  }
  async receive(): Promise<TReceivedMessage[]> {
    const batch = this.waiting.map((message) => ({ ...message, attempts: 1, receipt: message.id, enqueuedAtMs: Date.now() }));
    this.waiting = [];
    if (batch.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    return batch;
  }
  async ack(message: TReceivedMessage) {
    this.acked.push(message.id);
  }
  async release(message: TReceivedMessage) {
    this.released.push(message.id);
  }
  async extend() {}
  async stats() {
    return { depth: this.waiting.length, inFlight: 0, oldestAgeMs: null, deadLetters: 0 };
  }
  async listDeadLetters() {
    return [];
  }
  async retryDeadLetter() {}
  async discardDeadLetter() {}
  async close() {}
}

function envelopeBody(actorId: string, command: unknown) {
  const { message, document } = prepareCommandMessage(command);
  const id = randomUUID();
  return { id, groupId: queueGroupOf(document), body: JSON.stringify({ v: 1, id, actorId, issuedAt: new Date().toISOString(), command: message }) };
}

describe("the apply worker with a batch of one document's commands", () => {
  it("applies them in the order they were sent, not side by side", async () => {
    const editor = await createTestUser({ role: "editor" });
    const liveBlogId = randomUUID();
    const created = await applyCommand(testDb(), JSON.parse(envelopeBody(editor.id, { type: "liveblog.create", liveBlogId, input: { title: "Order", slug: `order-${uniqueSuffix()}` } }).body));
    expect(created).toMatchObject({ status: "applied" });
    const queue = new WholeBatchQueue();
    const entryId = randomUUID();
    // Create, then three edits, each based on the version the one before produced: any reordering rejects one.
    const sent = [
      envelopeBody(editor.id, { type: "entry.create", entryId, input: { liveBlogId, body: "v1" } }),
      envelopeBody(editor.id, { type: "entry.update", input: { liveBlogId, entryId, baseVersion: 1, body: "v2" } }),
      envelopeBody(editor.id, { type: "entry.update", input: { liveBlogId, entryId, baseVersion: 2, body: "v3" } }),
      envelopeBody(editor.id, { type: "entry.update", input: { liveBlogId, entryId, baseVersion: 3, body: "v4" } }),
    ];
    for (const message of sent) await queue.send(message);
    const outcomes: string[] = [];
    const controller = new AbortController();
    const worker = runApplyWorker({
      database: testDb(),
      queue,
      signal: controller.signal,
      controls: new LocalWorkerControlStore({ file: path.join(dir, `controls-${uniqueSuffix()}.sqlite`) }),
      onApplied: (_message, outcome) => outcomes.push(outcome.status),
    });
    await expect.poll(() => queue.acked.length, { timeout: 10_000 }).toBe(4);
    controller.abort();
    await worker;
    expect(queue.acked).toEqual(sent.map((message) => message.id));
    expect(outcomes).toEqual(["applied", "applied", "applied", "applied"]);
    expect((await testDb().entry.findUniqueOrThrow({ where: { id: entryId } })).body).toBe("v4");
  });
});
