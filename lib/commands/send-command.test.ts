// The door refuses what apply would: a command is checked again after its request-side clean-up, and one too large
// for a queue message (SQS: 256 KiB) is refused with a clear error instead of failing in the queue driver.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { LocalQueue } from "../queue/local-queue";
import { sendCommand } from "./send-command";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-send-command-"));
const queue = new LocalQueue({ file: path.join(dir, "commands.sqlite") });

afterAll(async () => {
  await queue.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("sendCommand", () => {
  it("refuses a banner message that sanitising makes longer than apply accepts, naming the field, and queues nothing", async () => {
    // 4,800 characters in, about 10,600 after sanitising adds rel attributes: over the 5,000 apply allows.
    const messageHtml = '<a href=http://a.b>x</a>'.repeat(200);
    const error = await sendCommand(queue, { actorId: randomUUID(), command: { type: "banner.create", input: { messageHtml, placements: ["homepage"] } } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ issues: [expect.objectContaining({ path: ["input", "messageHtml"] })] });
    expect((await queue.stats()).depth).toBe(0);
  });

  it.each(["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00"])("refuses a banner window at %s (not a year Postgres and ISO 8601 both hold in UTC)", async (startsAt) => {
    const error = await sendCommand(queue, { actorId: randomUUID(), command: { type: "banner.create", input: { messageHtml: "Polls open", placements: ["homepage"], startsAt } } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ issues: [expect.objectContaining({ path: ["input", "startsAt"], message: "Start must be between the years 2000 and 9999." })] });
  });

  it("refuses a command too large for one queue message with a clear error, and queues nothing", async () => {
    const modules = Array.from({ length: 6 }, (_, index) => ({ id: `m${index}`, type: "richtext", html: `<p>${"Turnout report. ".repeat(2_800)}</p>` }));
    const error = await sendCommand(queue, { actorId: randomUUID(), command: { type: "page.update", input: { pageId: randomUUID(), modules } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/too large to queue \(\d+ KB; at most 240 KB\)/);
    expect((await queue.stats()).depth).toBe(0);
  });
});
