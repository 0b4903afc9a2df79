import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyCommand } from "../commands/apply-command";
import type { TCommand, TCommandPayload } from "../commands/schemas";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { publishDueDraftInTx } from "./change-draft";

function envelope(actorId: string, command: TCommandPayload): TCommand {
  return { v: 1, id: randomUUID(), actorId, issuedAt: new Date().toISOString(), command };
}

async function newBlog(actorId: string) {
  const liveBlogId = randomUUID();
  await applyCommand(testDb(), envelope(actorId, { type: "liveblog.create", liveBlogId, input: { title: "Drafts", slug: `d-${uniqueSuffix()}`, description: "" } }));
  return liveBlogId;
}

describe("drafts, review and scheduling (real Postgres)", () => {
  it("a contributor's submitted draft becomes an entry by its author only when an editor approves it", async () => {
    const editor = await createTestUser({ role: "editor" });
    const contributor = await createTestUser({ role: "contributor" });
    const liveBlogId = await newBlog(editor.id);
    const draftId = randomUUID();
    const saved = await applyCommand(testDb(), envelope(contributor.id, { type: "draft.save", input: { liveBlogId, draftId, body: "<p>From the field</p>", kind: "post", submit: true } }));
    expect(saved).toEqual({ status: "applied", version: null });
    expect(await testDb().entry.count({ where: { liveBlogId } })).toBe(0);

    // Contributors can neither approve nor post directly: the worker re-checks the role.
    expect(await applyCommand(testDb(), envelope(contributor.id, { type: "draft.review", input: { liveBlogId, draftId, decision: "approve", note: "" } }))).toMatchObject({ status: "rejected" });
    expect(await applyCommand(testDb(), envelope(contributor.id, { type: "entry.create", entryId: randomUUID(), input: { liveBlogId, body: "<p>Direct</p>", kind: "post" } }))).toMatchObject({ status: "rejected" });
    expect(await testDb().entry.count({ where: { liveBlogId } })).toBe(0);

    expect(await applyCommand(testDb(), envelope(editor.id, { type: "draft.review", input: { liveBlogId, draftId, decision: "approve", note: "Good" } }))).toMatchObject({ status: "applied", version: 2 });
    const [entry] = await testDb().entry.findMany({ where: { liveBlogId } });
    expect(entry).toMatchObject({ authorId: contributor.id, body: "<p>From the field</p>", kind: "post" });
    expect(await testDb().draft.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({ status: "published", entryId: entry!.id, reviewedById: editor.id });
    // Approving twice publishes once.
    expect(await applyCommand(testDb(), envelope(editor.id, { type: "draft.review", input: { liveBlogId, draftId, decision: "approve", note: "" } }))).toMatchObject({ status: "rejected" });
    expect(await testDb().entry.count({ where: { liveBlogId } })).toBe(1);
  });

  it("sends a draft back with a note; the author edits and resubmits; another contributor cannot touch it", async () => {
    const editor = await createTestUser({ role: "editor" });
    const author = await createTestUser({ role: "contributor" });
    const stranger = await createTestUser({ role: "contributor" });
    const liveBlogId = await newBlog(editor.id);
    const draftId = randomUUID();
    await applyCommand(testDb(), envelope(author.id, { type: "draft.save", input: { liveBlogId, draftId, body: "<p>Rough</p>", kind: "post", submit: true } }));
    await applyCommand(testDb(), envelope(editor.id, { type: "draft.review", input: { liveBlogId, draftId, decision: "return", note: "Add a source" } }));
    expect(await testDb().draft.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({ status: "returned", reviewNote: "Add a source", version: 2 });

    expect(await applyCommand(testDb(), envelope(stranger.id, { type: "draft.save", input: { liveBlogId, draftId, body: "<p>Hijack</p>", kind: "post", submit: true } }))).toMatchObject({ status: "rejected" });
    expect(await applyCommand(testDb(), envelope(author.id, { type: "draft.save", input: { liveBlogId, draftId, body: "<p>Rough, per AP</p>", kind: "key_event", baseVersion: 1, submit: true } }))).toMatchObject({ status: "rejected" });
    expect(await applyCommand(testDb(), envelope(author.id, { type: "draft.save", input: { liveBlogId, draftId, body: "<p>Rough, per AP</p>", kind: "key_event", baseVersion: 2, submit: true } }))).toMatchObject({ status: "applied" });
    expect(await testDb().draft.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({ status: "submitted", body: "<p>Rough, per AP</p>", kind: "key_event" });
  });

  it("sanitises draft and entry HTML when applied, whatever the queue carried", async () => {
    const editor = await createTestUser({ role: "editor" });
    const liveBlogId = await newBlog(editor.id);
    const entryId = randomUUID();
    await applyCommand(testDb(), envelope(editor.id, { type: "entry.create", entryId, input: { liveBlogId, body: '<p onclick="alert(1)">Hi<script>alert(1)</script></p>', kind: "post" } }));
    const entry = await testDb().entry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry.body).not.toMatch(/script|onclick/);
    expect(entry.body).toContain("Hi");
    expect(await applyCommand(testDb(), envelope(editor.id, { type: "entry.create", entryId: randomUUID(), input: { liveBlogId, body: "<script>alert(1)</script>", kind: "post" } }))).toMatchObject({ status: "rejected" });
  });

  it("publishes a scheduled entry at its time, not before, and only once", async () => {
    const editor = await createTestUser({ role: "editor" });
    const liveBlogId = await newBlog(editor.id);
    const draftId = randomUUID();
    const at = new Date(Date.now() + 60 * 60_000);
    await applyCommand(testDb(), envelope(editor.id, { type: "draft.schedule", input: { liveBlogId, draftId, body: "<p>Polls close</p>", kind: "key_event", scheduledAt: at.toISOString() } }));
    expect(await testDb().$transaction((tx) => publishDueDraftInTx(tx, new Date(at.getTime() - 1000)))).toBeNull();
    // Other tests' drafts may be due too: run until this one is out.
    for (let step = 0; step < 50 && (await testDb().draft.findUniqueOrThrow({ where: { id: draftId } })).status === "scheduled"; step++) {
      await testDb().$transaction((tx) => publishDueDraftInTx(tx, at));
    }
    expect(await testDb().draft.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({ status: "published" });
    expect(await testDb().entry.findMany({ where: { liveBlogId } })).toEqual([expect.objectContaining({ body: "<p>Polls close</p>", kind: "key_event", authorId: editor.id })]);
  });

  it("refuses to reschedule a published draft or another blog's draft (the API lets callers name the draft)", async () => {
    const editor = await createTestUser({ role: "editor" });
    const [liveBlogId, otherBlogId] = [await newBlog(editor.id), await newBlog(editor.id)];
    const draftId = randomUUID();
    const at = new Date(Date.now() - 1000);
    await applyCommand(testDb(), envelope(editor.id, { type: "draft.schedule", input: { liveBlogId, draftId, body: "<p>Once</p>", scheduledAt: at.toISOString() } }));
    for (let step = 0; step < 50 && (await testDb().draft.findUniqueOrThrow({ where: { id: draftId } })).status === "scheduled"; step++) {
      await testDb().$transaction((tx) => publishDueDraftInTx(tx, new Date()));
    }
    const again = await applyCommand(testDb(), envelope(editor.id, { type: "draft.schedule", input: { liveBlogId, draftId, body: "<p>Twice</p>", scheduledAt: at.toISOString() } }));
    expect(again).toMatchObject({ status: "rejected" });
    const elsewhere = await applyCommand(testDb(), envelope(editor.id, { type: "draft.schedule", input: { liveBlogId: otherBlogId, draftId, body: "<p>Moved</p>", scheduledAt: at.toISOString() } }));
    expect(elsewhere).toMatchObject({ status: "rejected" });
    expect(await testDb().draft.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({ status: "published", liveBlogId, body: "<p>Once</p>" });
    expect(await testDb().entry.count({ where: { liveBlogId } })).toBe(1);
  });

  it("pins an entry, clears the pin when that entry is deleted, and stamps coverage start and end", async () => {
    const editor = await createTestUser({ role: "editor" });
    const liveBlogId = await newBlog(editor.id);
    const entryId = randomUUID();
    await applyCommand(testDb(), envelope(editor.id, { type: "entry.create", entryId, input: { liveBlogId, body: "<p>Pin me</p>", kind: "post" } }));
    await applyCommand(testDb(), envelope(editor.id, { type: "liveblog.pin", input: { liveBlogId, entryId } }));
    expect((await testDb().liveBlog.findUniqueOrThrow({ where: { id: liveBlogId } })).pinnedEntryId).toBe(entryId);
    await applyCommand(testDb(), envelope(editor.id, { type: "entry.delete", input: { liveBlogId, entryId, baseVersion: 1 } }));
    expect((await testDb().liveBlog.findUniqueOrThrow({ where: { id: liveBlogId } })).pinnedEntryId).toBeNull();

    await applyCommand(testDb(), envelope(editor.id, { type: "liveblog.update", input: { liveBlogId, title: "Drafts", description: "", status: "ended" } }));
    const ended = await testDb().liveBlog.findUniqueOrThrow({ where: { id: liveBlogId } });
    expect(ended.status).toBe("ended");
    expect(ended.coverageEndedAt).toBeInstanceOf(Date);
    expect(ended.coverageStartedAt).toBeInstanceOf(Date);
    await applyCommand(testDb(), envelope(editor.id, { type: "liveblog.update", input: { liveBlogId, title: "Drafts again", description: "", status: "live" } }));
    expect(await testDb().liveBlog.findUniqueOrThrow({ where: { id: liveBlogId } })).toMatchObject({ status: "live", coverageEndedAt: null, title: "Drafts again" });
  });
});
