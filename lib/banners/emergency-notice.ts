// The emergency notice: an admin's short sitewide message that must go out even while Postgres is down. It is
// queued first (the durable record, applied to the database when it is back), then written straight to the publish
// target as `banners/notice.json`. Workers never write that object; they carry the recorded notice in the banner
// set's head instead, and the widget shows whichever of the two was issued last.
import "server-only";
import { randomUUID } from "node:crypto";
import { sendCommand } from "../commands/send-command";
import { AppError } from "../errors";
import { logger, describeError } from "../logger";
import { getPublisher } from "../publishing/get-publisher";
import { ensureWidgetPublished } from "../publishing/publish-widget";
import { putObject } from "../publishing/put-object";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import type { Publisher } from "../../publishers/types";
import { NOTICE_KEY } from "./constants";
import { ZIssueNoticeSchema, ZPublishedNoticeSchema, type TPublishedNotice } from "./notice-schemas";

export type TIssuedNotice = { commandId: string; noticeId: string; issuedAt: string; written: boolean; skippedForNewer: boolean };

/** The object the widget reads; `version` is the issue time in ms, so a newer notice always has a higher one. */
export function renderNoticeObject(notice: { id: string; message: string; issuedAt: string }, publishedAt: Date): string {
  const body: TPublishedNotice = { schema: 1, version: Date.parse(notice.issuedAt), publishedAt: publishedAt.toISOString(), notice };
  return `${JSON.stringify(body)}\n`;
}

/** The notice readers see now, read back from the target (no database needed); null when there is none. */
export async function readPublishedNotice(publisher: Publisher = getPublisher()): Promise<TPublishedNotice | null> {
  const stored = await publisher.get(NOTICE_KEY);
  if (!stored) return null;
  try {
    const parsed = ZPublishedNoticeSchema.safeParse(JSON.parse(stored.body.toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Publishes (or, with an empty message, clears) the notice. The queued command is the record: if the queue refuses,
 * nothing is written. A newer notice already on the target (another admin, a clock ahead) is left in place.
 */
export async function issueEmergencyNotice(
  options: { actorId: string; input: unknown },
  infra: { queue?: Queue; publisher?: Publisher; now?: () => Date } = {},
): Promise<TIssuedNotice> {
  const { message } = ZIssueNoticeSchema.parse(options.input);
  const queue = infra.queue ?? getQueue();
  const publisher = infra.publisher ?? getPublisher();
  const noticeId = randomUUID();
  const envelope = await sendCommand(queue, { actorId: options.actorId, command: { type: "notice.publish", noticeId, input: { message } } }, { now: infra.now });
  // The command's issue time is the notice's: the record applied later and this object compare equal.
  const notice = { id: noticeId, message, issuedAt: envelope.issuedAt };
  const base = { commandId: envelope.id, noticeId, issuedAt: notice.issuedAt };
  try {
    const current = await readPublishedNotice(publisher);
    if (current && current.version > Date.parse(notice.issuedAt)) return { ...base, written: false, skippedForNewer: true };
    await putObject(publisher, NOTICE_KEY, renderNoticeObject(notice, new Date()));
    // A notice is only seen through the widget: make sure it is out (once per process; normally a publish did it).
    await ensureWidgetPublished(publisher).catch((error: unknown) => logger.warn({ err: describeError(error) }, "widget not published with the notice"));
    return { ...base, written: true, skippedForNewer: false };
  } catch (error) {
    logger.warn({ err: describeError(error), noticeId: notice.id }, "emergency notice queued but not written to the publish target");
    throw new AppError(
      "unavailable",
      "The notice is queued, but the publish target refused it just now. It will be published when a worker applies it; try again to publish it at once.",
    );
  }
}
