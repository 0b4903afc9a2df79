// The admin's and the CLI's dataset list: name, key count, size, status, the last import (when, by whom, its status
// and report). Null while the database is unreachable (the page then says so).
import type { Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import type { TImportReport } from "./schemas";

export type TDatasetSummary = {
  id: string;
  name: string;
  status: string;
  keyCount: number;
  byteSize: number;
  columns: string[];
  keyColumn: string | null;
  layout: string;
  publishedVersion: number | null;
  publishedAt: Date | null;
  lastImport: { id: string; status: string; at: Date; byName: string | null; rowsParsed: number; filesTotal: number; filesUploaded: number; filesDeleted: number; report: TImportReport | null; error: string | null } | null;
};

export async function listDatasets(database: Db, options: { name?: string } = {}): Promise<TDatasetSummary[] | null> {
  try {
    const datasets = await database.dataset.findMany({ where: options.name ? { name: options.name } : {}, orderBy: { name: "asc" }, take: 500 });
    const lastImports = await database.datasetImport.findMany({
      where: { datasetId: { in: datasets.map((dataset) => dataset.id) } },
      orderBy: { createdAt: "desc" },
      distinct: ["datasetId"],
    });
    const users = await database.user.findMany({ where: { id: { in: lastImports.map((row) => row.requestedById) } }, select: { id: true, name: true, email: true } });
    const userName = new Map(users.map((user) => [user.id, user.name || user.email]));
    const byDataset = new Map(lastImports.map((row) => [row.datasetId, row]));
    return datasets.map((dataset) => {
      const last = byDataset.get(dataset.id);
      return {
        id: dataset.id,
        name: dataset.name,
        status: dataset.status,
        keyCount: dataset.keyCount,
        byteSize: Number(dataset.byteSize),
        columns: dataset.columns,
        keyColumn: dataset.keyColumn,
        layout: dataset.shardPrefixLength === null ? "one file per key" : `shards by ${dataset.shardPrefixLength}-character prefix`,
        publishedVersion: dataset.publishedVersion,
        publishedAt: dataset.publishedAt,
        lastImport: last
          ? {
              id: last.id,
              status: last.status,
              at: last.createdAt,
              byName: userName.get(last.requestedById) ?? null,
              rowsParsed: last.rowsParsed,
              filesTotal: last.filesTotal,
              filesUploaded: last.filesUploaded,
              filesDeleted: last.filesDeleted,
              report: last.report as TImportReport | null,
              error: last.error,
            }
          : null,
      };
    });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
