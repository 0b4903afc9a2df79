// The local driver runs the shared queue behaviour, then proves what a file shared by processes must survive.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { LocalQueue } from "./local-queue";
import { describeQueueBehaviour } from "../../test/suites/queue-behaviour";
import type { TReceivedMessage } from "./types";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const localQueueModuleUrl = new URL("./local-queue.ts", import.meta.url).href;
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-local-queue-"));
  tempDirs.push(dir);
  return dir;
}

function tempQueueFile(): string {
  return path.join(makeTempDir(), "not-yet-created", "queue.sqlite");
}

function bodyFor(position: number): string {
  return JSON.stringify({ position, padding: `${position}:`.repeat(200) });
}

/** Runs a TypeScript module in its own Node process, as the admin app and the worker would. */
function spawnScript({ code, args }: { code: string; args: string[] }): ChildProcessWithoutNullStreams {
  const scriptFile = path.join(makeTempDir(), "script.mts");
  fs.writeFileSync(scriptFile, code);
  return spawn(process.execPath, ["--import", "tsx", scriptFile, ...args], { cwd: repoRoot, stdio: "pipe" });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stderr })));
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** Receives and acks everything, so the order of delivery can be checked. */
async function drain(queue: LocalQueue): Promise<TReceivedMessage[]> {
  const delivered: TReceivedMessage[] = [];
  for (;;) {
    const batch = await queue.receive({ max: 100, visibilityMs: 60_000 });
    if (batch.length === 0) return delivered;
    for (const received of batch) await queue.ack(received);
    delivered.push(...batch);
  }
}

describeQueueBehaviour(
  "local",
  async () => {
    const file = tempQueueFile();
    const queue = new LocalQueue({ file, maxAttempts: 3 });
    return {
      queue,
      cleanup: async () => {
        await queue.close();
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      },
    };
  },
  { maxAttempts: 3 },
);

describe("LocalQueue on a file shared by processes", () => {
  it("lets one instance receive what another instance sent", async () => {
    const file = tempQueueFile();
    const admin = new LocalQueue({ file });
    const worker = new LocalQueue({ file });
    await admin.send({ id: "command-1", groupId: "blog-1", body: "hello" });

    const [received] = await worker.receive({ max: 10, visibilityMs: 10_000, waitMs: 1_000 });
    expect(received).toMatchObject({ id: "command-1", groupId: "blog-1", body: "hello", attempts: 1 });
    await worker.ack(received!);
    expect((await admin.stats()).depth).toBe(0);
    await Promise.all([admin.close(), worker.close()]);
  });

  it("does not enqueue again an id that is in the dead letters", async () => {
    const queue = new LocalQueue({ file: tempQueueFile(), maxAttempts: 1 });
    const outgoing = { id: "command-1", groupId: "blog-1", body: "poison" };
    await queue.send(outgoing);
    const [received] = await queue.receive({ max: 1, visibilityMs: 10_000 });
    await queue.release(received!, { delayMs: 0, error: "rejected" });
    await queue.send(outgoing);
    expect(await queue.stats()).toMatchObject({ depth: 0, deadLetters: 1 });
    await queue.close();
  });

  it("keeps every message whose send resolved when the sending process is killed with SIGKILL", async () => {
    const file = tempQueueFile();
    const sender = spawnScript({
      args: [file],
      code: `
        import { LocalQueue } from ${JSON.stringify(localQueueModuleUrl)};
        const queue = new LocalQueue({ file: process.argv[2] });
        const bodyFor = ${bodyFor.toString()};
        for (let position = 0; position < 200; position++) {
          await queue.send({ id: "command-" + position, groupId: "blog-" + (position % 7), body: bodyFor(position) });
          process.stdout.write("sent command-" + position + "\\n");
        }
      `,
    });
    const exit = exited(sender);
    const confirmed: string[] = [];
    for await (const line of readline.createInterface({ input: sender.stdout })) {
      const [word, id] = line.split(" ");
      if (word === "sent" && id) confirmed.push(id);
      if (confirmed.length === 100) sender.kill("SIGKILL");
    }
    const { code, signal, stderr } = await exit;
    expect({ code, signal, stderr }).toEqual({ code: null, signal: "SIGKILL", stderr: "" });
    expect(confirmed.length).toBeGreaterThanOrEqual(100);
    expect(confirmed.length).toBeLessThan(200);

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();

    const reopened = new LocalQueue({ file });
    const delivered = await drain(reopened);
    await reopened.close();
    const deliveredIds = new Set(delivered.map((received) => received.id));
    expect(confirmed.filter((id) => !deliveredIds.has(id))).toEqual([]);
    for (const received of delivered) {
      const position = Number(received.id.replace("command-", ""));
      expect(received).toMatchObject({ groupId: `blog-${position % 7}`, body: bodyFor(position), attempts: 1 });
    }
    const positionsByGroup = groupBy(delivered, (received) => received.groupId);
    for (const messages of positionsByGroup.values()) {
      const positions = messages.map((received) => Number(received.id.replace("command-", "")));
      expect(positions).toEqual([...positions].sort((left, right) => left - right));
    }
  }, 60_000);

  it("never hands the same message to two processes receiving at once, and keeps each group in order", async () => {
    const file = tempQueueFile();
    const logFile = path.join(makeTempDir(), "deliveries.log");
    const groupCount = 40;
    const perGroup = 15;
    const producer = new LocalQueue({ file });
    for (let position = 0; position < perGroup; position++) {
      for (let group = 0; group < groupCount; group++) {
        await producer.send({ id: `blog-${group}:${position}`, groupId: `blog-${group}`, body: String(position) });
      }
    }

    const consumerCode = `
      import fs from "node:fs";
      import { LocalQueue } from ${JSON.stringify(localQueueModuleUrl)};
      const [file, logFile, consumerName] = process.argv.slice(2);
      const queue = new LocalQueue({ file });
      process.stdout.write("ready\\n");
      await new Promise((resolve) => process.stdin.once("data", resolve));
      for (;;) {
        const batch = await queue.receive({ max: 1 + Math.floor(Math.random() * 5), visibilityMs: 60_000, waitMs: 50 });
        if (batch.length === 0) {
          if ((await queue.stats()).depth === 0) break;
          continue;
        }
        // Logged while still in flight, so the next message of its group can only be logged after this line.
        for (const received of batch) fs.appendFileSync(logFile, consumerName + " " + received.id + " " + received.attempts + "\\n");
        // Real workers spend time applying a command; without it one process can hold the write lock back to back.
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 3));
        for (const received of batch) await queue.ack(received);
      }
      await queue.close();
      process.exit(0);
    `;
    const consumers = ["first", "second"].map((consumerName) => spawnScript({ code: consumerCode, args: [file, logFile, consumerName] }));
    const exits = consumers.map(exited);
    await Promise.all(
      consumers.map(async (consumer) => {
        for await (const line of readline.createInterface({ input: consumer.stdout })) if (line === "ready") return;
      }),
    );
    for (const consumer of consumers) consumer.stdin.end("go\n");
    for (const { code, stderr } of await Promise.all(exits)) expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    await producer.close();

    const deliveries = fs
      .readFileSync(logFile, "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const [consumerName = "", id = "", attempts = ""] = line.split(" ");
        const [groupId = "", position = ""] = id.split(":");
        return { consumerName, id, groupId, position: Number(position), attempts: Number(attempts) };
      });
    expect(deliveries).toHaveLength(groupCount * perGroup);
    expect(new Set(deliveries.map((delivery) => delivery.id)).size).toBe(groupCount * perGroup);
    expect(deliveries.every((delivery) => delivery.attempts === 1)).toBe(true);
    for (const consumerName of ["first", "second"]) expect(deliveries.some((delivery) => delivery.consumerName === consumerName)).toBe(true);
    for (const [groupId, groupDeliveries] of groupBy(deliveries, (delivery) => delivery.groupId)) {
      expect({ groupId, positions: groupDeliveries.map((delivery) => delivery.position) }).toEqual({
        groupId,
        positions: Array.from({ length: perGroup }, (_, position) => position),
      });
    }
  }, 60_000);
});

describe("local queue: blameless releases", () => {
  it("never dead-letters or counts a delivery released through no fault of the message", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-blameless-"));
    const queue = new LocalQueue({ file: path.join(dir, "q.sqlite"), maxAttempts: 2 });
    try {
      await queue.send({ id: "m1", groupId: "g", body: "x" });
      for (let round = 0; round < 5; round++) {
        const [message] = await queue.receive({ max: 1, visibilityMs: 1000 });
        expect(message?.attempts).toBe(1);
        await queue.release(message!, { delayMs: 0, error: "database unreachable", blameless: true });
      }
      expect((await queue.stats()).deadLetters).toBe(0);
    } finally {
      await queue.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
