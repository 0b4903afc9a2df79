// "Download CSV": the dataset's current rows as CSV, streamed from Postgres in key order a batch at a time (never the
// whole dataset in memory). Header: the key column, then the value columns.
import type { Db } from "../db";
import { AppError } from "../errors";

const BATCH = 2_000;

/** RFC 4180 quoting. Cells are written as imported (no formula guard), so the file imports again unchanged. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export async function streamDatasetCsv(database: Db, name: string): Promise<ReadableStream<Uint8Array>> {
  const dataset = await database.dataset.findUnique({ where: { name }, select: { id: true, keyColumn: true, columns: true, status: true } });
  if (!dataset || dataset.keyColumn === null || dataset.status === "deleting") throw new AppError("not_found", `There is no published dataset named ${name}.`);
  const encoder = new TextEncoder();
  let afterKey: string | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${[dataset.keyColumn!, ...dataset.columns].map(csvCell).join(",")}\r\n`));
        return;
      }
      const rows: { key: string; values: string[] }[] = await database.$queryRaw`
        SELECT key, values FROM dataset_keys WHERE dataset_id = ${dataset.id}::uuid AND NOT removed AND (${afterKey}::text IS NULL OR key > ${afterKey}::text)
        ORDER BY key LIMIT ${BATCH}`;
      if (rows.length === 0) {
        controller.close();
        return;
      }
      afterKey = rows[rows.length - 1]!.key;
      controller.enqueue(encoder.encode(rows.map((row) => `${[row.key, ...row.values].map(csvCell).join(",")}\r\n`).join("")));
    },
  });
}
