// The admin's import progress poll: the import's status for its author (or anyone who may read datasets).
import "server-only";
import { db } from "../db";
import { getDatasetImportStatus } from "./get-dataset-import-status";

export function getImportProgress(options: { importId: string; commandId: string; actorId: string }) {
  return getDatasetImportStatus(db(), options);
}
