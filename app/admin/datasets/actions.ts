"use server";
// Dataset server actions: each parses its input, authenticates, authorises, then calls one lib/ use case. The import
// and the delete are queued; the import form then polls the import's progress.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { getImportProgress } from "@/lib/datasets/get-import-progress";
import type { TImportProgress } from "@/lib/datasets/get-dataset-import-status";
import { requestDatasetDelete, requestDatasetImport } from "@/lib/datasets/request-dataset-change";
import { ZDatasetImportOptionsSchema, ZDatasetNameSchema } from "@/lib/datasets/schemas";
import { toActionError, type TActionResult } from "@/lib/errors";

const ZImportActionSchema = z.object({ stagingId: z.uuid("Upload the CSV first."), options: ZDatasetImportOptionsSchema });

export async function importDatasetAction(input: unknown): Promise<TActionResult<{ importId: string; commandId: string }>> {
  try {
    const { stagingId, options } = ZImportActionSchema.parse(input);
    const user = await authorizeOrThrow("dataset:edit");
    const queued = await requestDatasetImport({ actor: user, stagingId, options });
    return { ok: true, data: { importId: queued.importId, commandId: queued.commandId }, message: "Queued. A worker parses the file and publishes it." };
  } catch (error) {
    return toActionError(error, { action: "importDatasetAction" });
  }
}

export async function importProgressAction(input: unknown): Promise<TActionResult<TImportProgress>> {
  try {
    const ids = z.object({ importId: z.uuid(), commandId: z.uuid() }).parse(input);
    const user = await authorizeOrThrow("dataset:read");
    const progress = await getImportProgress({ ...ids, actorId: user.id });
    if (["published", "rejected", "failed"].includes(progress.status)) revalidatePath("/admin/datasets");
    return { ok: true, data: progress };
  } catch (error) {
    return toActionError(error, { action: "importProgressAction" });
  }
}

export async function deleteDatasetAction(input: unknown): Promise<TActionResult<{ commandId: string }>> {
  try {
    const name = ZDatasetNameSchema.parse((input as { name?: unknown } | null)?.name);
    const user = await authorizeOrThrow("dataset:edit");
    const queued = await requestDatasetDelete({ actor: user, name });
    revalidatePath("/admin/datasets");
    return { ok: true, data: queued, message: `Queued. A worker removes ${name}'s manifest, then every key file.` };
  } catch (error) {
    return toActionError(error, { action: "deleteDatasetAction" });
  }
}
