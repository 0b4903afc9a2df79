// The names of published datasets, for the page editor's ZIP lookup module; [] while the database is unreachable.
import "server-only";
import { db, type Db } from "../db";

export async function listDatasetNames(database: Db = db()): Promise<string[]> {
  try {
    return (await database.dataset.findMany({ where: { publishedVersion: { not: null } }, orderBy: { name: "asc" }, select: { name: true }, take: 500 })).map((dataset) => dataset.name);
  } catch {
    return [];
  }
}
