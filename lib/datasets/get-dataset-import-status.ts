// Where an import stands (the CLI polls it, the admin shows it): queued until a worker applies its command, then
// parsing with rows read, publishing with files uploaded, and finally published, rejected (with its report) or failed.
import type { Db } from "../db";
import { getCommandStatus } from "../commands/get-command-status";
import type { TDatasetImportStatus, TImportReport } from "./schemas";

export type TImportProgress = {
  status: TDatasetImportStatus | "waiting" | "refused";
  rowsParsed: number;
  filesTotal: number;
  filesUploaded: number;
  filesDeleted: number;
  report: TImportReport | null;
  error: string | null;
};

export async function getDatasetImportStatus(database: Db, options: { importId: string; commandId: string; actorId: string }): Promise<TImportProgress> {
  const row = await database.datasetImport.findUnique({ where: { id: options.importId } });
  if (!row) {
    // No row yet: the command is still queued, or it was refused (a role, a name being deleted) or dead-lettered.
    const command = await getCommandStatus(database, { id: options.commandId, actorId: options.actorId, canSeeAll: true });
    const refused = command.status === "rejected" || command.status === "failed";
    return { status: refused ? "refused" : "waiting", rowsParsed: 0, filesTotal: 0, filesUploaded: 0, filesDeleted: 0, report: null, error: refused ? command.reason : null };
  }
  return {
    status: row.status,
    rowsParsed: row.rowsParsed,
    filesTotal: row.filesTotal,
    filesUploaded: row.filesUploaded,
    filesDeleted: row.filesDeleted,
    report: row.report as TImportReport | null,
    error: row.error,
  };
}
