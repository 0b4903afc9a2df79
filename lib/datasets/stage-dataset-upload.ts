// Stages an uploaded CSV body (the admin's route streams it here; the CLI stages a file the same way) and reads its
// header from the first bytes, so the editor can pick the key and value columns before importing.
import "server-only";
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { getPublisher } from "../publishing/get-publisher";
import { MAX_DATASET_UPLOAD_BYTES } from "./constants";
import { stagingStoreFor, type StagingStore } from "./staging-store";

const HEADER_BYTES = 64 * 1024;

/** The header row of a CSV from its first bytes ([] when the first line is not complete CSV). */
export function readCsvHeader(firstBytes: Buffer): string[] {
  const text = firstBytes.toString("utf8");
  const newline = text.indexOf("\n");
  try {
    const rows = parse(newline === -1 ? text : text.slice(0, newline + 1), { bom: true, to_line: 1, relax_column_count: true }) as string[][];
    return (rows[0] ?? []).map((name) => name.trim());
  } catch {
    return [];
  }
}

export async function stageDatasetUpload(body: AsyncIterable<Uint8Array>, staging: StagingStore = stagingStoreFor(getPublisher())): Promise<{ stagingId: string; bytes: number; header: string[] }> {
  const stagingId = randomUUID();
  const head: Buffer[] = [];
  let headBytes = 0;
  async function* tap() {
    for await (const chunk of body) {
      if (headBytes < HEADER_BYTES) {
        head.push(Buffer.from(chunk));
        headBytes += chunk.byteLength;
      }
      yield chunk;
    }
  }
  const { bytes } = await staging.write(stagingId, tap(), { maxBytes: MAX_DATASET_UPLOAD_BYTES });
  return { stagingId, bytes, header: readCsvHeader(Buffer.concat(head)) };
}
