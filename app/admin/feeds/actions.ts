"use server";
// Feed server actions: each parses its input, authenticates, authorises, then calls one lib/ use case. Writes are
// queued: the caller gets the command id back and shows "queued" until a worker has applied it.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { toActionError, type TActionResult } from "@/lib/errors";
import { requestFeedChange, type TFeedCommand } from "@/lib/feeds/request-feed-change";
import { ZCreateFeedSchema, ZDeleteFeedSchema, ZRunFeedNowSchema, ZUpdateFeedSchema } from "@/lib/feeds/schemas";

export type TQueuedFeedChange = { commandId: string; feedId: string | null; degraded: boolean };

const QUEUED_WHILE_DOWN = "Queued. The database is unreachable; the change applies when it recovers.";

/** "from -> to" per line (a JSON pointer or a CSV column, then the published field name); "column" alone keeps its name. */
function mappingFrom(text: FormDataEntryValue | null) {
  return String(text ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [from = "", to] = line.split(/\s*->\s*/);
      return { from: from.trim(), to: (to ?? from.replace(/^.*\//, "")).trim() };
    });
}

/** Headers: kept ones by name (left blank: keep the stored value; "remove" ticked: drop), then any new ones. */
function headersFrom(formData: FormData) {
  const removed = new Set(formData.getAll("removeHeader").map(String));
  const kept = formData
    .getAll("keptHeader")
    .map(String)
    .filter((name) => !removed.has(name))
    .map((name) => {
      const replacement = String(formData.get(`headerValue:${name}`) ?? "");
      return replacement ? { name, value: replacement } : { name };
    });
  const names = formData.getAll("newHeaderName").map(String);
  const values = formData.getAll("newHeaderValue").map(String);
  const added = names.flatMap((name, index) => (name.trim() ? [{ name: name.trim(), value: values[index] ?? "" }] : []));
  return [...kept, ...added];
}

const numberOr = (value: FormDataEntryValue | null, fallback: number) => (value === null || String(value).trim() === "" ? fallback : Number(value));

function feedFieldsFrom(formData: FormData) {
  return {
    sourceUrl: String(formData.get("sourceUrl") ?? ""),
    format: String(formData.get("format") ?? "json"),
    itemsPointer: String(formData.get("itemsPointer") ?? ""),
    mapping: mappingFrom(formData.get("mapping")),
    schedule: String(formData.get("schedule") ?? ""),
    timeZone: String(formData.get("timeZone") ?? "UTC") || "UTC",
    timeoutSeconds: numberOr(formData.get("timeoutSeconds"), 10),
    maxBytes: Math.round(numberOr(formData.get("maxKilobytes"), 1024) * 1024),
    headers: headersFrom(formData),
  };
}

async function queueFeedCommand(command: TFeedCommand, action: string, message: string): Promise<TActionResult<TQueuedFeedChange>> {
  try {
    const user = await authorizeOrThrow("feed:edit");
    const { commandId, feedId } = await requestFeedChange({ actor: { id: user.id, role: user.role }, command });
    revalidatePath("/admin/feeds");
    return { ok: true, data: { commandId, feedId, degraded: user.degraded }, message: user.degraded ? QUEUED_WHILE_DOWN : message };
  } catch (error) {
    return toActionError(error, { action });
  }
}

// saveFeedAction – create a feed, or replace an existing one's settings (editor, admin)
export async function saveFeedAction(_previous: TActionResult<TQueuedFeedChange> | null, formData: FormData): Promise<TActionResult<TQueuedFeedChange>> {
  try {
    const fields = feedFieldsFrom(formData);
    const feedId = String(formData.get("feedId") ?? "");
    if (!feedId) {
      const input = ZCreateFeedSchema.parse({ ...fields, name: String(formData.get("name") ?? "") });
      return queueFeedCommand({ type: "feed.create", input }, "createFeed", "Queued: the feed is created and fetched at once.");
    }
    const expected = Number(formData.get("expectedVersion"));
    const input = ZUpdateFeedSchema.parse({ ...fields, feedId, expectedVersion: Number.isInteger(expected) && expected > 0 ? expected : undefined });
    return queueFeedCommand({ type: "feed.update", input }, "updateFeed", "Queued: saved.");
  } catch (error) {
    return toActionError(error, { action: "saveFeed" });
  }
}

const ZFeedActionSchema = z.discriminatedUnion("kind", [z.object({ kind: z.literal("run-now"), input: ZRunFeedNowSchema }), z.object({ kind: z.literal("delete"), input: ZDeleteFeedSchema })]);

// feedQuickAction – run a feed now, or delete it (editor, admin)
export async function feedQuickAction(request: z.input<typeof ZFeedActionSchema>): Promise<TActionResult<TQueuedFeedChange>> {
  const parsed = ZFeedActionSchema.safeParse(request);
  if (!parsed.success) return toActionError(parsed.error, { action: "feedQuickAction" });
  const { data } = parsed;
  if (data.kind === "delete") return queueFeedCommand({ type: "feed.delete", input: data.input }, "deleteFeed", "Queued: the feed and its published file are deleted.");
  return queueFeedCommand({ type: "feed.run-now", input: data.input }, "runFeedNow", "Queued: the feed is fetched within seconds.");
}
