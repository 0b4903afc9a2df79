// The feeds table's shared statements for the commands: the row a change is about (locked, refused with a clear
// reason when gone or changed meanwhile), the settings as columns, and the change's audit row.
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { nextScheduledRuns, type TFeedSettings } from "./schemas";

export type TFeedRow = { id: string; name: string; version: number; settingsVersion: number; sourceUrl: string; format: string; itemsPointer: string | null; mapping: Prisma.JsonValue; schedule: string; timeZone: string; secretHeaders: Prisma.JsonValue };

/** Locks the feed's row for the change (changes to one feed apply in order). */
export async function loadFeedForChange(tx: Prisma.TransactionClient, options: { feedId: string; expectedVersion?: number }): Promise<TFeedRow> {
  const [feed] = await tx.$queryRaw<(TFeedRow & { deleted: boolean })[]>`
    SELECT id::text AS id, name, version, settings_version AS "settingsVersion", source_url AS "sourceUrl", format::text AS format, items_pointer AS "itemsPointer",
      mapping, schedule, time_zone AS "timeZone", secret_headers AS "secretHeaders", deleted_at IS NOT NULL AS deleted
    FROM feeds WHERE id = ${options.feedId}::uuid FOR UPDATE`;
  if (!feed || feed.deleted) throw new AppError("not_found", "This feed was deleted in the meantime.");
  if (options.expectedVersion !== undefined && feed.settingsVersion !== options.expectedVersion) {
    throw new AppError("conflict", `Someone changed this feed since you opened it (its settings are now version ${feed.settingsVersion}, you edited version ${options.expectedVersion}). Reload it and apply your change again.`, {
      form: "Changed by someone else meanwhile.",
    });
  }
  return feed;
}

/** The settings as the row's columns (headers are handled by the caller: they are sealed, and merged on update). */
export function feedSettingsData(settings: Omit<TFeedSettings, "name" | "headers">) {
  return {
    sourceUrl: settings.sourceUrl,
    format: settings.format,
    itemsPointer: settings.format === "json" ? settings.itemsPointer : null,
    mapping: settings.mapping.length > 0 ? (settings.mapping as Prisma.InputJsonValue) : undefined,
    schedule: settings.schedule,
    timeZone: settings.timeZone,
    timeoutSeconds: settings.timeoutSeconds,
    maxBytes: settings.maxBytes,
  };
}

/** When the schedule next runs the feed after `from`; null if it never does again. */
export function nextRunAfter(schedule: string, timeZone: string, from: Date): Date | null {
  try {
    return nextScheduledRuns(schedule, timeZone, 1, from)[0] ?? null;
  } catch {
    return null;
  }
}

/** The audit row of a feed change: names and hosts only (a URL's path or query may carry a key; header values never). */
export async function recordFeedAudit(tx: Prisma.TransactionClient, change: { actorId: string | null; action: string; feedId: string; details?: Record<string, Prisma.InputJsonValue | null> }) {
  await recordAudit(tx, { actorId: change.actorId, action: change.action, subjectType: "feed", subjectId: change.feedId, details: (change.details ?? {}) as Prisma.InputJsonValue });
}

export function sourceOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}
