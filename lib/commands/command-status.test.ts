// Refuse at the door what the database would refuse, and never leave an author looking at "queued" forever: a
// command that fails when applied is shown as rejected or failed, with the reason.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z, ZodError } from "zod";
import { afterAll, describe, expect, it } from "vitest";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { toActionError } from "../errors";
import { LocalQueue } from "../queue/local-queue";
import { applyCommand } from "./apply-command";
import { clearCommandFailure, recordDeadLetteredCommand } from "./command-failures";
import { defineCommand } from "./define-command";
import { getCommandStatus } from "./get-command-status";
import { queueEntry } from "./queue-entry";
import { registerCommand } from "./registry";
import { prepareCommandMessage, sendCommand } from "./send-command";

const queueDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-command-status-"));
const queue = new LocalQueue({ file: path.join(queueDir, "commands.sqlite") });
afterAll(async () => {
  await queue.close();
  fs.rmSync(queueDir, { recursive: true, force: true });
});

const LIVE_BLOG_ID = "00000000-0000-4000-8000-000000000001";
const LONE_SURROGATE = "Polls close \uD800 at 7:30";

function zodErrorOf(run: () => unknown): ZodError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZodError) return error;
    throw error;
  }
  throw new Error("expected a ZodError");
}

describe("refused at the door: text the database would refuse", () => {
  it.each([
    ["entry.create", "body", { type: "entry.create", input: { liveBlogId: LIVE_BLOG_ID, body: LONE_SURROGATE } }, /Entry text contains a broken character \(a lone surrogate\)/],
    ["entry.create", "body", { type: "entry.create", input: { liveBlogId: LIVE_BLOG_ID, body: "<p>a\u0000b</p>" } }, /Entry text contains a NUL character/],
    ["liveblog.create", "title", { type: "liveblog.create", input: { title: "Night\u0000", slug: "ok-slug" } }, /Title contains a NUL character/],
    ["liveblog.create", "description", { type: "liveblog.create", input: { title: "Night", slug: "ok-slug", description: "\uDC00" } }, /Description contains a broken character/],
    ["liveblog.update", "title", { type: "liveblog.update", input: { liveBlogId: LIVE_BLOG_ID, title: "\uFFFF", status: "live" } }, /Title contains a character that is not text/],
    ["entry.update", "body", { type: "entry.update", input: { liveBlogId: LIVE_BLOG_ID, entryId: LIVE_BLOG_ID, baseVersion: 1, body: "x\u0000" } }, /Entry text contains a NUL/],
    ["draft.review", "note", { type: "draft.review", input: { liveBlogId: LIVE_BLOG_ID, draftId: LIVE_BLOG_ID, decision: "return", note: "fix \uD83D this" } }, /The note contains a broken character/],
  ])("%s refuses a bad %s before it is queued, naming the field", async (_type, field, command, message) => {
    const depthBefore = (await queue.stats()).depth;
    await expect(sendCommand(queue, { actorId: LIVE_BLOG_ID, command })).rejects.toBeInstanceOf(ZodError);
    const error = zodErrorOf(() => prepareCommandMessage(command));
    expect(error.issues[0]!.path).toEqual(["input", field]);
    expect(error.issues[0]!.message).toMatch(message);
    expect((await queue.stats()).depth).toBe(depthBefore);
  });

  it("answers the entries API's and the admin's post with a 400 naming body", async () => {
    const error = await queueEntry(queue, { actorId: LIVE_BLOG_ID, input: { liveBlogId: LIVE_BLOG_ID, body: LONE_SURROGATE } }).catch((caught: unknown) => caught);
    const result = toActionError(error);
    expect(result.code).toBe("invalid_input");
    expect(result.fieldErrors.body).toMatch(/lone surrogate/);
  });

  it("keeps well-formed text, emoji and other scripts as they are", () => {
    const message = prepareCommandMessage({ type: "entry.create", input: { liveBlogId: LIVE_BLOG_ID, body: "<p>Ohio 🗳️ — Ελλάδα, 日本, عربى</p>" } });
    expect((message.message.input as { body: string }).body).toBe("<p>Ohio 🗳️ — Ελλάδα, 日本, عربى</p>");
  });
});

describe("a command that fails when applied is shown to its author with the reason (real Postgres)", () => {
  const type = `test-${uniqueSuffix()}.store`;
  // A command whose schema lets anything through, as an older or buggy client's might: only Postgres refuses it.
  registerCommand(
    defineCommand({
      type,
      version: 1,
      summary: "Stores text as given (test only).",
      permission: "entry:publish",
      input: z.object({ documentId: z.uuid(), text: z.string() }),
      documentOf: (message) => ({ kind: "test", id: message.input.documentId }),
      apply: async (tx, { message }) => {
        await tx.$executeRaw`SELECT ${message.input.text}::text`;
        return { version: null };
      },
    }),
  );

  it("rejects data Postgres refuses at its first attempt, with Postgres's reason, instead of retrying it into the dead letters", async () => {
    const editor = await createTestUser({ role: "editor" });
    const envelope = { v: 1 as const, id: randomUUID(), actorId: editor.id, issuedAt: new Date().toISOString(), command: { type, input: { documentId: randomUUID(), text: "nul \u0000 here" } } };
    const outcome = await applyCommand(testDb(), envelope);
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.stringContaining("The database refused this change") });
    expect(await getCommandStatus(testDb(), { id: envelope.id, actorId: editor.id, canSeeAll: false })).toEqual({ status: "rejected", reason: expect.stringMatching(/invalid byte sequence.*0x00/) });
  });

  it("shows a dead-lettered command as failed, with why, to its author only; a retry queues it again", async () => {
    const editor = await createTestUser({ role: "editor" });
    const other = await createTestUser({ role: "editor" });
    const commandId = randomUUID();
    const body = JSON.stringify({ v: 1, id: commandId, actorId: editor.id, issuedAt: new Date().toISOString(), command: { type: "entry.create", input: {} } });
    expect(await getCommandStatus(testDb(), { id: commandId, actorId: editor.id, canSeeAll: false })).toEqual({ status: "queued" });

    await recordDeadLetteredCommand(testDb(), { commandId, body, error: new Error("Invalid `prisma.$executeRaw()` invocation:\n\nRaw query failed. Code: `XX000`. Message: `boom`"), attempts: 5 });
    expect(await getCommandStatus(testDb(), { id: commandId, actorId: editor.id, canSeeAll: false })).toEqual({
      status: "failed",
      reason: "This change could not be saved: Raw query failed. Code: `XX000`. Message: `boom`",
      failedAt: expect.any(String),
    });
    expect(await getCommandStatus(testDb(), { id: commandId, actorId: other.id, canSeeAll: false })).toEqual({ status: "queued" });
    expect(await getCommandStatus(testDb(), { id: commandId, actorId: other.id, canSeeAll: true })).toMatchObject({ status: "failed" });

    await clearCommandFailure(testDb(), commandId);
    expect(await getCommandStatus(testDb(), { id: commandId, actorId: editor.id, canSeeAll: false })).toEqual({ status: "queued" });
  });

  it("records a poison message that is not even JSON, without an author", async () => {
    const commandId = randomUUID();
    await recordDeadLetteredCommand(testDb(), { commandId, body: "this is not a command \u0000", error: new Error("Not a valid command: \u0000 \uD800"), attempts: 3 });
    expect(await testDb().commandFailure.findUniqueOrThrow({ where: { commandId } })).toMatchObject({ actorId: null, type: null, attempts: 3, reason: expect.stringContaining("Not a valid command") });
  });
});
