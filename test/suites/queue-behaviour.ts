// What every Queue driver must do, written once so each driver's test runs the same suite with real timeouts.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Queue, TOutgoingMessage, TReceivedMessage } from "../../lib/queue/types";

export type TQueueUnderTest = { queue: Queue; cleanup: () => Promise<void> };

// Long enough that a message must not reappear during a test step, short enough to keep the suite quick.
const hiddenMs = 10_000;
const waitForDeliveryMs = 3_000;
// setTimeout and Date.now round differently, so a wait can look a millisecond or two short.
const timerSlackMs = 5;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sortedIds(messages: { id: string }[]): string[] {
  return messages.map((message) => message.id).sort();
}

export function describeQueueBehaviour(name: string, createQueue: () => Promise<TQueueUnderTest>, options: { maxAttempts: number }) {
  describe(`Queue behaviour: ${name}`, () => {
    let queue: Queue;
    let cleanup: () => Promise<void>;
    let prefix: string;

    beforeEach(async () => {
      ({ queue, cleanup } = await createQueue());
      prefix = randomUUID().slice(0, 8);
    });

    afterEach(async () => {
      await cleanup();
    });

    function message(groupName: string, position: number): TOutgoingMessage {
      return { id: `${prefix}-${groupName}-${position}`, groupId: `${prefix}-${groupName}`, body: JSON.stringify({ groupName, position }) };
    }

    async function sendAll(messages: TOutgoingMessage[]): Promise<void> {
      for (const outgoing of messages) await queue.send(outgoing);
    }

    async function receiveNow(visibilityMs = hiddenMs): Promise<TReceivedMessage[]> {
      return queue.receive({ max: 10, visibilityMs, waitMs: 0 });
    }

    async function receiveSoon(visibilityMs = hiddenMs): Promise<TReceivedMessage[]> {
      return queue.receive({ max: 10, visibilityMs, waitMs: waitForDeliveryMs });
    }

    async function receiveOnly(outgoing: TOutgoingMessage, visibilityMs = hiddenMs): Promise<TReceivedMessage> {
      const [received, ...others] = await receiveSoon(visibilityMs);
      expect(others).toEqual([]);
      expect(received?.id).toBe(outgoing.id);
      if (!received) throw new Error(`expected ${outgoing.id} to be delivered`);
      return received;
    }

    async function failUntilDead(outgoing: TOutgoingMessage): Promise<void> {
      for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
        const received = await receiveOnly(outgoing);
        expect(received.attempts).toBe(attempt);
        await queue.release(received, { delayMs: 0, error: `failure ${attempt}` });
      }
      expect(await receiveNow()).toEqual([]);
    }

    it("delivers a sent message and removes it once acked", async () => {
      const outgoing = message("a", 1);
      const sentAtMs = Date.now();
      await queue.send(outgoing);
      const received = await receiveOnly(outgoing);
      expect(received).toMatchObject({ ...outgoing, attempts: 1 });
      expect(received.receipt).toEqual(expect.any(String));
      expect(Math.abs(received.enqueuedAtMs - sentAtMs)).toBeLessThan(1_000);
      await queue.ack(received);
      expect(await receiveNow()).toEqual([]);
      expect((await queue.stats()).depth).toBe(0);
    });

    it("long-polls until a message arrives", async () => {
      const outgoing = message("a", 1);
      const pending = queue.receive({ max: 10, visibilityMs: hiddenMs, waitMs: waitForDeliveryMs });
      await sleep(50);
      await queue.send(outgoing);
      expect(sortedIds(await pending)).toEqual([outgoing.id]);
    });

    it("stores a repeated id once", async () => {
      const outgoing = message("a", 1);
      await queue.send(outgoing);
      await queue.send(outgoing);
      expect((await queue.stats()).depth).toBe(1);
      await queue.ack(await receiveOnly(outgoing));
      expect(await receiveNow()).toEqual([]);
    });

    it("delivers one message per group at a time, in order, with groups in parallel", async () => {
      const [a1, a2, a3, b1, b2] = [message("a", 1), message("a", 2), message("a", 3), message("b", 1), message("b", 2)] as const;
      await sendAll([a1, a2, a3, b1, b2]);

      const first = await receiveSoon();
      expect(sortedIds(first)).toEqual(sortedIds([a1, b1]));
      expect(await receiveNow()).toEqual([]);

      await queue.ack(first.find((received) => received.id === a1.id)!);
      const second = await receiveOnly(a2);
      await queue.ack(first.find((received) => received.id === b1.id)!);
      await queue.ack(second);

      const third = await receiveSoon();
      expect(sortedIds(third)).toEqual(sortedIds([a3, b2]));
      for (const received of third) await queue.ack(received);
      expect((await queue.stats()).depth).toBe(0);
    });

    it("redelivers an un-acked message after its visibility timeout, attempts incremented, still ahead of its group", async () => {
      const [a1, a2] = [message("a", 1), message("a", 2)] as const;
      await sendAll([a1, a2]);
      const receivedAtMs = Date.now();
      const first = await receiveOnly(a1, 200);
      expect(await receiveNow()).toEqual([]);

      const again = await receiveOnly(a1);
      expect(Date.now() - receivedAtMs).toBeGreaterThanOrEqual(200 - timerSlackMs);
      expect(again.attempts).toBe(first.attempts + 1);
      expect(again.receipt).not.toBe(first.receipt);
    });

    it("ignores ack, release and extend with a stale receipt once the message was redelivered", async () => {
      const outgoing = message("a", 1);
      await queue.send(outgoing);
      const stale = await receiveOnly(outgoing, 100);
      const current = await receiveOnly(outgoing);

      await queue.ack(stale);
      await queue.release(stale, { delayMs: 0, error: "stale" });
      await queue.extend(stale, 0);
      expect((await queue.stats()).depth).toBe(1);
      expect(await receiveNow()).toEqual([]);

      await queue.ack(current);
      expect((await queue.stats()).depth).toBe(0);
    });

    it("keeps a released message hidden for its delay", async () => {
      const outgoing = message("a", 1);
      await queue.send(outgoing);
      const received = await receiveOnly(outgoing);
      const releasedAtMs = Date.now();
      await queue.release(received, { delayMs: 200, error: "try later" });
      expect(await receiveNow()).toEqual([]);

      const again = await receiveOnly(outgoing);
      expect(Date.now() - releasedAtMs).toBeGreaterThanOrEqual(200 - timerSlackMs);
      expect(again.attempts).toBe(2);
    });

    it("keeps an extended message hidden past its original timeout", async () => {
      const outgoing = message("a", 1);
      await queue.send(outgoing);
      const receivedAtMs = Date.now();
      const received = await receiveOnly(outgoing, 150);
      await sleep(50);
      await queue.extend(received, 500);
      await sleep(Math.max(0, receivedAtMs + 250 - Date.now()));
      expect(await receiveNow()).toEqual([]);

      const again = await receiveOnly(outgoing);
      expect(again.attempts).toBe(2);
    });

    it(`moves a message to the dead letters after ${options.maxAttempts} failed attempts while other groups keep flowing`, async () => {
      const [a1, a2, b1, b2] = [message("a", 1), message("a", 2), message("b", 1), message("b", 2)] as const;
      await sendAll([a1, a2, b1]);
      const deliveredFromB: string[] = [];

      for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
        let failing: TReceivedMessage | undefined;
        while (!failing) {
          const batch = await receiveSoon();
          expect(batch.length).toBeGreaterThan(0);
          for (const received of batch) {
            if (received.id === a1.id) {
              failing = received;
            } else {
              expect(received.groupId).toBe(b1.groupId);
              deliveredFromB.push(received.id);
              await queue.ack(received);
            }
          }
        }
        expect(failing.attempts).toBe(attempt);
        await queue.release(failing, { delayMs: 0, error: `failure ${attempt}` });
        if (attempt === 1) await queue.send(b2);
      }

      const rest = await receiveSoon();
      expect(rest.map((received) => received.id)).toContain(a2.id);
      deliveredFromB.push(...rest.filter((received) => received.groupId === b1.groupId).map((received) => received.id));
      expect(deliveredFromB.sort()).toEqual(sortedIds([b1, b2]));

      expect(await queue.listDeadLetters(10)).toEqual([
        { ...a1, attempts: options.maxAttempts, lastError: `failure ${options.maxAttempts}`, enqueuedAtMs: expect.any(Number), deadAtMs: expect.any(Number) },
      ]);
      expect((await queue.stats()).deadLetters).toBe(1);
    });

    it("puts a retried dead letter back on the queue with its attempts reset", async () => {
      const outgoing = message("a", 1);
      await queue.send(outgoing);
      await failUntilDead(outgoing);

      await queue.retryDeadLetter(outgoing.id);
      expect(await queue.listDeadLetters(10)).toEqual([]);
      const received = await receiveOnly(outgoing);
      expect(received).toMatchObject({ ...outgoing, attempts: 1 });
      await queue.ack(received);
      expect(await queue.stats()).toMatchObject({ depth: 0, deadLetters: 0 });
    });

    it("removes a discarded dead letter for good", async () => {
      const outgoing = message("a", 1);
      await queue.send(outgoing);
      await failUntilDead(outgoing);

      await queue.discardDeadLetter(outgoing.id);
      expect(await queue.listDeadLetters(10)).toEqual([]);
      expect(await queue.stats()).toMatchObject({ depth: 0, deadLetters: 0 });
      expect(await receiveNow()).toEqual([]);
    });

    it("reports depth, in-flight count, age of the oldest message and dead letters", async () => {
      expect(await queue.stats()).toEqual({ depth: 0, inFlight: 0, oldestAgeMs: null, deadLetters: 0 });
      const [a1, a2, b1, c1] = [message("a", 1), message("a", 2), message("b", 1), message("c", 1)] as const;
      await sendAll([a1, a2, b1]);
      await sleep(30);
      const waiting = await queue.stats();
      expect(waiting).toMatchObject({ depth: 3, inFlight: 0, deadLetters: 0 });
      expect(waiting.oldestAgeMs).toBeGreaterThanOrEqual(30 - timerSlackMs);

      const batch = await receiveSoon();
      expect(batch).toHaveLength(2);
      expect(await queue.stats()).toMatchObject({ depth: 3, inFlight: 2 });
      await queue.ack(batch.find((received) => received.id === b1.id)!);
      expect(await queue.stats()).toMatchObject({ depth: 2, inFlight: 1 });

      await queue.send(c1);
      await failUntilDead(c1);
      expect(await queue.stats()).toMatchObject({ depth: 2, inFlight: 1, deadLetters: 1 });
    });
  });
}
