// The admin's "Download CSV": validates the name, then streams the rows (stream-dataset-csv.ts).
import "server-only";
import { db } from "../db";
import { ZDatasetNameSchema } from "./schemas";
import { streamDatasetCsv } from "./stream-dataset-csv";

export async function downloadDatasetCsv(rawName: string): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  const name = ZDatasetNameSchema.parse(rawName);
  return { filename: `${name}.csv`, stream: await streamDatasetCsv(db(), name) };
}
