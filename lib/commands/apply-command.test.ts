import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { applyCommand, parseCommand, PoisonCommandError } from "./apply-command";
import type { TCommand, TCommandPayload } from "./schemas";

function envelope(actorId: string, command: TCommandPayload): TCommand {
  return { v: 1, id: randomUUID(), actorId, issuedAt: new Date().toISOString(), command };
}

async function newBlog(actorId: string) {
  const liveBlogId = randomUUID();
  const outcome = await applyCommand(testDb(), envelope(actorId, { type: "liveblog.create", liveBlogId, input: { title: "Queued blog", slug: `q-${uniqueSuffix()}`, description: "" } }));
  expect(outcome).toMatchObject({ status: "applied" });
  return liveBlogId;
}

const entryCommand = (liveBlogId: string, body: string): TCommandPayload => ({ type: "entry.create", entryId: randomUUID(), input: { liveBlogId, body, kind: "post" } });

describe("applying queued commands (real Postgres)", () => {
  it("applies an entry once, records the command in the same transaction, and skips a redelivery", async () => {
    const editor = await createTestUser({ role: "editor" });
    const liveBlogId = await newBlog(editor.id);
    const command = envelope(editor.id, entryCommand(liveBlogId, "Only once"));
    expect(await applyCommand(testDb(), command)).toEqual({ status: "applied", version: 2 });
    expect(await applyCommand(testDb(), command)).toEqual({ status: "duplicate" });
    expect(await testDb().entry.count({ where: { liveBlogId } })).toBe(1);
    expect(await testDb().command.findUniqueOrThrow({ where: { id: command.id } })).toMatchObject({ status: "applied", actorId: editor.id, documentId: liveBlogId });
    expect(await testDb().auditLog.count({ where: { action: "entry.create", actorId: editor.id } })).toBe(1);
  });

  it("rejects an edit based on a stale version, keeps the newer text, and records the reason for the author", async () => {
    const editor = await createTestUser({ role: "editor" });
    const liveBlogId = await newBlog(editor.id);
    const create = entryCommand(liveBlogId, "Original");
    await applyCommand(testDb(), envelope(editor.id, create));
    const entryId = create.type === "entry.create" ? create.entryId : "";
    expect(await applyCommand(testDb(), envelope(editor.id, { type: "entry.update", input: { liveBlogId, entryId, baseVersion: 1, body: "First edit" } }))).toMatchObject({ status: "applied" });
    const stale = envelope(editor.id, { type: "entry.update", input: { liveBlogId, entryId, baseVersion: 1, body: "Stale edit" } });
    const outcome = await applyCommand(testDb(), stale);
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.stringContaining("Someone changed this entry") });
    expect((await testDb().entry.findUniqueOrThrow({ where: { id: entryId } })).body).toBe("First edit");
    expect(await testDb().command.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "rejected", reason: expect.stringContaining("First edit") });
  });

  it("rejects a post to a deleted blog and a post by a user disabled since queueing", async () => {
    const editor = await createTestUser({ role: "editor" });
    const gone = await applyCommand(testDb(), envelope(editor.id, entryCommand(randomUUID(), "Nowhere")));
    expect(gone).toMatchObject({ status: "rejected", reason: "This live blog no longer exists." });

    const liveBlogId = await newBlog(editor.id);
    const leaver = await createTestUser({ role: "editor", disabled: true });
    expect(await applyCommand(testDb(), envelope(leaver.id, entryCommand(liveBlogId, "After leaving")))).toMatchObject({ status: "rejected", reason: expect.stringContaining("no longer allowed") });
    expect(await testDb().entry.count({ where: { liveBlogId } })).toBe(0);
  });

  it("treats a body that is not a command as poison", () => {
    expect(() => parseCommand("{not json")).toThrow(PoisonCommandError);
    expect(() => parseCommand(JSON.stringify({ v: 1, id: "x" }))).toThrow(PoisonCommandError);
  });

  it("deletes an entry so it leaves the published state", async () => {
    const editor = await createTestUser({ role: "editor" });
    const liveBlogId = await newBlog(editor.id);
    const create = entryCommand(liveBlogId, "To be removed");
    await applyCommand(testDb(), envelope(editor.id, create));
    const entryId = create.type === "entry.create" ? create.entryId : "";
    expect(await applyCommand(testDb(), envelope(editor.id, { type: "entry.delete", input: { liveBlogId, entryId, baseVersion: 1 } }))).toMatchObject({ status: "applied" });
    expect(await testDb().entry.count({ where: { id: entryId } })).toBe(0);
  });
});

/** A small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("property: at-least-once, shuffled delivery across blogs", () => {
  it("each command delivered 1–3 times, blogs interleaved at random: the final state equals single in-order delivery", async () => {
    const editor = await createTestUser({ role: "editor" });
    for (let seed = 1; seed <= 12; seed++) {
      const random = seededRandom(seed);
      const blogCount = 3;
      const build = async () => {
        const ids = [];
        for (let index = 0; index < blogCount; index++) ids.push(await newBlog(editor.id));
        return ids;
      };
      const [reference, delivered] = [await build(), await build()];
      // The same script for both sets of blogs: creates, then edits of earlier entries, then a delete.
      const scripts = Array.from({ length: blogCount }, (_, blog) => {
        const steps: Array<{ kind: "create"; body: string } | { kind: "edit"; target: number; body: string } | { kind: "delete"; target: number }> = [];
        const created: number[] = [];
        for (let step = 0; step < 8; step++) {
          const roll = random();
          if (created.length > 0 && roll < 0.25) steps.push({ kind: "edit", target: created[Math.floor(random() * created.length)]!, body: `edit ${seed}-${blog}-${step}` });
          else if (created.length > 1 && roll < 0.35) steps.push({ kind: "delete", target: created.splice(Math.floor(random() * created.length), 1)[0]! });
          else {
            steps.push({ kind: "create", body: `post ${seed}-${blog}-${step}` });
            created.push(steps.length - 1);
          }
        }
        return steps;
      });
      const commandsFor = (blogIds: string[]) =>
        scripts.map((steps, blog) => {
          const liveBlogId = blogIds[blog]!;
          const entryIds = steps.map(() => randomUUID());
          const versions = steps.map(() => 1);
          return steps.map((step, index) => {
            if (step.kind === "create") return envelope(editor.id, { type: "entry.create", entryId: entryIds[index]!, input: { liveBlogId, body: step.body, kind: "post" } });
            const entryId = entryIds[step.target]!;
            if (step.kind === "edit") return envelope(editor.id, { type: "entry.update", input: { liveBlogId, entryId, baseVersion: (versions[step.target] = versions[step.target]! + 1) - 1, body: step.body } });
            return envelope(editor.id, { type: "entry.delete", input: { liveBlogId, entryId, baseVersion: versions[step.target]! } });
          });
        });

      for (const queue of commandsFor(reference)) for (const command of queue) await applyCommand(testDb(), command);

      // FIFO per blog with redeliveries (each command 1–3 times, repeats adjacent), blogs interleaved at random.
      const queues = commandsFor(delivered).map((commands) => commands.flatMap((command) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => command)));
      while (queues.some((queue) => queue.length > 0)) {
        const nonEmpty = queues.filter((queue) => queue.length > 0);
        await applyCommand(testDb(), nonEmpty[Math.floor(random() * nonEmpty.length)]!.shift()!);
      }

      const snapshot = async (ids: string[]) =>
        Promise.all(ids.map(async (id) => (await testDb().entry.findMany({ where: { liveBlogId: id }, orderBy: { seq: "asc" } })).map((entry) => `${entry.seq}:${entry.body}:v${entry.version}`)));
      expect(await snapshot(delivered), `seed ${seed}`).toEqual(await snapshot(reference));
    }
  }, 120_000);
});
